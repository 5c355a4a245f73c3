using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests.Marketplaces;

/// <summary>Execution reports: the whole loop against a real receiver, and every way a report is refused.</summary>
public class ExecutionReportTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private static object Executed(string reference = "RF-2026-0001", decimal value = 59.90m) =>
        new { status = "executed", reference, amount = new { value, currency = "EUR" } };

    private static object Failed(string reference = "RF-FAIL-1") =>
        new { status = "failed", reference, amount = new { value = 59.90m, currency = "EUR" } };

    [Fact]
    public async Task Marketplace_WhenRegisteredThroughTheApi_FilesHearsSettlesExecutesAndTheCaseClosesComplied()
    {
        using var receiver = new WebhookReceiver(() => factory.Clock.GetUtcNow());
        var marketplace = await MarketplaceLoop.RegisterAsync(factory, "LoopMart", receiver.Url);
        var filed = await marketplace.FileAsync("LOOP-1");

        await MarketplaceLoop.DeliverAsync(factory);
        var first = Assert.Single(receiver.Accepted);
        marketplace.AssertSigned(first);
        Assert.Equal("case.filed", (string)JsonNode.Parse(first.Body)!["type"]!);
        Assert.Equal((string)filed["id"]!, (string)JsonNode.Parse(first.Body)!["data"]!["caseId"]!);

        await MarketplaceLoop.SettleAsync(factory, filed["id"]!);
        var executed = await marketplace.ReportExecutionAsync(filed["id"]!, Executed());
        Assert.Equal(HttpStatusCode.OK, executed.StatusCode);
        var view = (await executed.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("closed", (string)view["stage"]!);
        Assert.Equal("settled", (string)view["outcome"]!);
        Assert.Equal("RF-2026-0001", (string)view["execution"]!["reference"]!);

        var buyerCase = await (await factory.ClientForAsync("seller@demo.odr")).GetFromJsonAsync<JsonObject>($"/api/cases/{filed["id"]}");
        Assert.True((bool)buyerCase!["compliance"]!["complied"]!);
        Assert.Equal("LoopMart", (string)buyerCase["execution"]!["marketplace"]!);
        var history = (await (await factory.ClientForAsync("seller@demo.odr")).GetFromJsonAsync<JsonArray>($"/api/cases/{filed["id"]}/events"))!;
        var entry = history.Single(e => (string)e!["type"]! == "outcomeExecuted")!;
        Assert.Equal("RF-2026-0001", (string)entry["data"]!["reference"]!);
        Assert.Equal("closed", (string)history[^1]!["type"]!);

        await MarketplaceLoop.DeliverAsync(factory);
        var types = receiver.Accepted.Select(r => (string)JsonNode.Parse(r.Body)!["type"]!).ToList();
        Assert.Equal("case.filed", types[0]);
        Assert.Contains("case.settled", types);
        Assert.Equal("case.closed", types[^1]);
        var closed = JsonNode.Parse(receiver.Accepted[^1].Body)!;
        Assert.Equal("closed", (string)closed["data"]!["stage"]!);
        Assert.Equal("settled", (string)closed["data"]!["outcome"]!);
        Assert.All(receiver.Requests, marketplace.AssertSigned);

        var page = await (await factory.BrowserForAsync("seller@demo.odr")).GetStringAsync($"/Cases/Details/{filed["id"]}");
        Assert.Contains("RF-2026-0001", page);
    }

    [Fact]
    public async Task Report_BeforeAnOutcome_Is409_AndForAnotherMarketplacesCase_Is404()
    {
        var owner = await MarketplaceLoop.RegisterAsync(factory, "EarlyMart");
        var other = await MarketplaceLoop.RegisterAsync(factory, "StrangerMart");
        var filed = await owner.FileAsync("EARLY-1");

        Assert.Equal(HttpStatusCode.Conflict, (await owner.ReportExecutionAsync(filed["id"]!, Executed())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.ReportExecutionAsync(filed["id"]!, Executed())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.ReportExecutionAsync(Guid.NewGuid(), Executed())).StatusCode);
        var direct = await Filings.FileAsync(await factory.ClientForAsync("buyer@demo.odr"));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.ReportExecutionAsync(direct["id"]!, Executed())).StatusCode);
        // A person's token is refused on the marketplace API.
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        Assert.Equal(HttpStatusCode.Unauthorized, (await buyer.PostAsJsonAsync($"/api/marketplace/cases/{filed["id"]}/execution", Executed())).StatusCode);
    }

    public static TheoryData<string, string> BadReports => new()
    {
        { """{"reference": "R-1", "amount": {"value": 59.90, "currency": "EUR"}}""", "status" },
        { """{"status": "paid", "reference": "R-1", "amount": {"value": 59.90, "currency": "EUR"}}""", "status" },
        { """{"status": "executed", "amount": {"value": 59.90, "currency": "EUR"}}""", "reference" },
        { """{"status": "executed", "reference": "   ", "amount": {"value": 59.90, "currency": "EUR"}}""", "reference" },
        { """{"status": "executed", "reference": "R-1"}""", "amount" },
        { """{"status": "executed", "reference": "R-1", "amount": {"value": -1, "currency": "EUR"}}""", "amount.value" },
        { """{"status": "executed", "reference": "R-1", "amount": {"value": "lots", "currency": "EUR"}}""", "amount.value" },
        { """{"status": "executed", "reference": "R-1", "amount": {"value": 59.90, "currency": "USD"}}""", "amount.currency" },
        { """{"status": "executed", "reference": "R-1", "amount": {"value": 59.90, "currency": "XYZ1"}}""", "amount.currency" },
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task Report_WhenInputIsBad_Answers400NamingTheField(string body, string field)
    {
        var marketplace = await MarketplaceLoop.RegisterAsync(factory, $"BadMart-{Guid.NewGuid():N}"[..20]);
        var filed = await marketplace.FileAsync($"BAD-{Guid.NewGuid():N}"[..12]);
        await MarketplaceLoop.SettleAsync(factory, filed["id"]!);
        var response = await (await marketplace.ClientAsync()).PostAsync($"/api/marketplace/cases/{filed["id"]}/execution",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task Report_Twice_IsRefused_AndAfterAFailureExecutedStillClosesTheCase()
    {
        var marketplace = await MarketplaceLoop.RegisterAsync(factory, "TwiceMart");
        var filed = await marketplace.FileAsync("TWICE-1");
        await MarketplaceLoop.SettleAsync(factory, filed["id"]!);

        var failed = await marketplace.ReportExecutionAsync(filed["id"]!, Failed());
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        var afterFailure = (await failed.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("compliance", (string)afterFailure["stage"]!);
        Assert.Equal("RF-FAIL-1", (string)afterFailure["execution"]!["failureReference"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await marketplace.ReportExecutionAsync(filed["id"]!, Failed("RF-FAIL-2"))).StatusCode);

        // The failure is shown to the parties and to regulators, and counted in the seller's public record.
        var buyerView = await (await factory.ClientForAsync("seller@demo.odr")).GetFromJsonAsync<JsonObject>($"/api/cases/{filed["id"]}");
        Assert.NotNull(buyerView!["execution"]!["failedAt"]);
        var regulator = await factory.ClientForAsync("regulator@demo.odr");
        var regulatorView = await regulator.GetFromJsonAsync<JsonObject>($"/api/cases/{filed["id"]}");
        Assert.Equal("RF-FAIL-1", (string)regulatorView!["execution"]!["failureReference"]!);
        var sellerPage = await (await factory.BrowserForAsync("seller@demo.odr")).GetStringAsync($"/Cases/Details/{filed["id"]}");
        Assert.Contains("execution-failed", sellerPage);
        var key = (await factory.CreateClient().GetFromJsonAsync<JsonObject>("/api/sellers?email=seller@demo.odr"))!["sellerKey"]!;
        var record = await factory.CreateClient().GetFromJsonAsync<JsonObject>($"/api/sellers/{key}/record");
        Assert.True((int)record!["executionsFailed"]! >= 1);

        var executed = await marketplace.ReportExecutionAsync(filed["id"]!, Executed("RF-RETRY-1"));
        Assert.Equal(HttpStatusCode.OK, executed.StatusCode);
        Assert.Equal("closed", (string)(await executed.Content.ReadFromJsonAsync<JsonObject>())!["stage"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await marketplace.ReportExecutionAsync(filed["id"]!, Executed("RF-RETRY-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await marketplace.ReportExecutionAsync(filed["id"]!, Failed("RF-LATE"))).StatusCode);
    }

    [Fact]
    public async Task Statistics_PerMarketplace_CountExecutionRateAndMedianDaysToExecution()
    {
        var marketplace = await MarketplaceLoop.RegisterAsync(factory, "StatsMart");
        var done = await marketplace.FileAsync("STATS-1");
        var pending = await marketplace.FileAsync("STATS-2");
        await MarketplaceLoop.SettleAsync(factory, done["id"]!);
        await MarketplaceLoop.SettleAsync(factory, pending["id"]!);
        factory.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(HttpStatusCode.OK, (await marketplace.ReportExecutionAsync(done["id"]!, Executed())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await marketplace.ReportExecutionAsync(pending["id"]!, Failed())).StatusCode);

        var regulator = await factory.ClientForAsync("regulator@demo.odr");
        var stats = (await regulator.GetFromJsonAsync<JsonObject>("/api/stats"))!;
        var figures = ((JsonArray)stats["executionByMarketplace"]!).Single(f => (string)f!["marketplace"]! == "StatsMart")!;
        Assert.Equal(2, (int)figures["outcomes"]!);
        Assert.Equal(1, (int)figures["executed"]!);
        Assert.Equal(1, (int)figures["failed"]!);
        Assert.Equal(0.5, (double)figures["executionRate"]!);
        Assert.Equal(2.0, (double)figures["medianDaysToExecution"]!);

        var page = await (await factory.BrowserForAsync("regulator@demo.odr")).GetStringAsync("/Regulator");
        Assert.Contains("StatsMart", page);
    }
}
