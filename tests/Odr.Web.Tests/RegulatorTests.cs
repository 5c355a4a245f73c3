using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Odr.Web.Tests;

/// <summary>
/// The regulator's side: every case readable but pseudonymised, no action on any, and statistics checked against
/// figures worked out by hand for a small set of cases on a fake clock.
/// </summary>
public class RegulatorTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private static async Task<JsonObject> PostOkAsync(HttpClient client, string url, object? body = null)
    {
        var response = await client.PostAsJsonAsync(url, body ?? new { });
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<string> FileAsync(string marketplace, string claimType = "notReceived")
    {
        var filing = Filings.Valid();
        filing["marketplace"] = marketplace;
        filing["claimType"] = claimType;
        var filed = await Filings.FileAsync(await factory.ClientForAsync("buyer@demo.odr"), filing);
        return $"/api/cases/{filed["id"]}";
    }

    private async Task<HttpClient> NeutralAsync(string url, string role) =>
        await factory.ClientForUserAsync(Guid.Parse((string)(await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonObject>(url))![$"{role}Id"]!));

    /// <summary>
    /// Three cases filed at once. After a day, A is accepted and B contested. Two days later A's buyer reports the refund
    /// and B goes through mediation to arbitration and is dismissed. C is never answered.
    /// </summary>
    private async Task<(string A, string B, string C)> SeedAsync(string marketplace)
    {
        var (a, b, c) = (await FileAsync(marketplace), await FileAsync(marketplace, "notAsDescribed"), await FileAsync(marketplace));
        await factory.DrainWorkflowsAsync();
        await factory.AdvanceAsync(TimeSpan.FromDays(1));

        var seller = await factory.ClientForAsync("seller@demo.odr");
        await PostOkAsync(seller, $"{a}/response", new { action = "accept", consentToArbitration = true });
        await PostOkAsync(seller, $"{b}/response", new { action = "contest", statement = "Delivered as described.", consentToArbitration = true });
        await factory.DrainWorkflowsAsync();
        await factory.AdvanceAsync(TimeSpan.FromDays(2));

        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        await PostOkAsync(buyer, $"{a}/compliance", new { complied = true });
        await PostOkAsync(buyer, $"{b}/escalate", new { reason = "No movement." });
        await factory.DrainWorkflowsAsync();
        await PostOkAsync(await NeutralAsync(b, "mediator"), $"{b}/mediation/impasse", new { note = "No common ground." });
        await factory.DrainWorkflowsAsync();
        await PostOkAsync(await NeutralAsync(b, "arbitrator"), $"{b}/award", new { decision = "dismissed", governingLaw = "CN", reasons = "The listing matches the item." });
        await factory.DrainWorkflowsAsync();
        return (a, b, c);
    }

    [Fact]
    public async Task Statistics_FollowLaterChanges_AndOlderCasesAreFilledInFromTheirHistory()
    {
        const string Marketplace = "FreshMart";
        await SeedAsync(Marketplace);
        // A fresh token for each read: the fake clock moves on by days, past a token's hour.
        async Task<JsonObject> StatsAsync() => (await (await factory.ClientForAsync("regulator@demo.odr"))
            .GetFromJsonAsync<JsonObject>($"/api/stats?marketplace={Marketplace}"))!;
        var before = await StatsAsync();

        // A change after the figures were first read shows in the next read: a fourth case, contested.
        var d = await FileAsync(Marketplace);
        await factory.AdvanceAsync(TimeSpan.FromDays(1));
        await PostOkAsync(await factory.ClientForAsync("seller@demo.odr"), $"{d}/response",
            new { action = "contest", statement = "It was delivered.", consentToArbitration = true });
        var after = await StatsAsync();
        Assert.Equal(((int)before["filed"]! + 1, (int)before["open"]! + 1), ((int)after["filed"]!, (int)after["open"]!));
        Assert.Equal((int)before["daysPerStage"]!["awaitingResponse"]!["count"]! + 1, (int)after["daysPerStage"]!["awaitingResponse"]!["count"]!);

        // Cases from before the stage columns existed have them filled in from their history at start, to the same figures.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Odr.Web.Infrastructure.OdrDbContext>();
            Assert.Equal(4, await db.Database.ExecuteSqlRawAsync("""
                UPDATE "Cases" SET "NegotiationFrom" = NULL, "MediationFrom" = NULL, "ArbitrationFrom" = NULL, "ComplianceFrom" = NULL,
                    "DeadlinesMissed" = NULL WHERE "Marketplace" = {0}
                """, Marketplace));
            Assert.Equal(4, await Odr.Web.Features.Regulators.StageTimes.BackfillAsync(db, CancellationToken.None));
        }
        var filledIn = await StatsAsync();
        Assert.Equal(after.ToJsonString(), filledIn.ToJsonString());
    }

    [Fact]
    public async Task Statistics_MatchTheFiguresWorkedOutByHand()
    {
        const string Marketplace = "StatsMart";
        var (_, b, _) = await SeedAsync(Marketplace);
        var regulator = await factory.ClientForAsync("regulator@demo.odr");

        var stats = (await regulator.GetFromJsonAsync<JsonObject>($"/api/stats?marketplace={Marketplace}"))!;

        Assert.Equal((3, 1, 2), ((int)stats["filed"]!, (int)stats["open"]!, (int)stats["closed"]!));
        Assert.Equal((1, 1, 0), ((int)stats["outcomes"]!["settled"]!, (int)stats["outcomes"]!["dismissed"]!, (int)stats["outcomes"]!["awarded"]!));
        Assert.Equal((1, 0, 1), ((int)stats["reachedAt"]!["response"]!, (int)stats["reachedAt"]!["mediation"]!, (int)stats["reachedAt"]!["arbitration"]!));
        Assert.Equal(0.5, (double)stats["settlementRate"]!);
        Assert.Equal(1.0, (double)stats["complianceRate"]!);
        Assert.Equal(0, (int)stats["deadlinesMissed"]!);

        // A and B each waited a day for the answer (C is still waiting, so not counted); B negotiated for two days; A's
        // compliance took two; B's mediation and arbitration ended the moment they began.
        var days = stats["daysPerStage"]!;
        Assert.Equal((2, 1.0, 1.0), ((int)days["awaitingResponse"]!["count"]!, (double)days["awaitingResponse"]!["medianDays"]!, (double)days["awaitingResponse"]!["p90Days"]!));
        Assert.Equal((1, 2.0), ((int)days["negotiation"]!["count"]!, (double)days["negotiation"]!["medianDays"]!));
        Assert.Equal((1, 2.0), ((int)days["compliance"]!["count"]!, (double)days["compliance"]!["medianDays"]!));
        Assert.Equal((1, 0.0), ((int)days["arbitration"]!["count"]!, (double)days["arbitration"]!["medianDays"]!));

        var byClaim = stats["byClaimType"]!.AsArray().ToDictionary(x => (string)x!["key"]!, x => x!);
        Assert.Equal((2, 1, 1), ((int)byClaim["notReceived"]!["cases"]!, (int)byClaim["notReceived"]!["settled"]!, (int)byClaim["notReceived"]!["closed"]!));
        Assert.Equal((1, 1), ((int)byClaim["notAsDescribed"]!["cases"]!, (int)byClaim["notAsDescribed"]!["dismissed"]!));
        Assert.Equal(3, (int)stats["byCountryPair"]!.AsArray().Single()!["cases"]!);
        Assert.Equal("DE-CN", (string)stats["byCountryPair"]![0]!["key"]!);

        var caseB = (await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonObject>(b))!;
        var neutrals = stats["perNeutral"]!.AsArray();
        var arbitrator = neutrals.Single(n => (string)n!["role"]! == "arbitrator")!;
        Assert.Equal(((string)caseB["arbitratorId"]!, 1, 0, 1, 3.0), ((string)arbitrator["neutralId"]!, (int)arbitrator["cases"]!,
            (int)arbitrator["forBuyer"]!, (int)arbitrator["forSeller"]!, (double)arbitrator["medianDaysToClose"]!));
        var mediator = neutrals.Single(n => (string)n!["role"]! == "mediator")!;
        Assert.Equal(((string)caseB["mediatorId"]!, 1, 0, 1), ((string)mediator["neutralId"]!, (int)mediator["cases"]!, (int)mediator["settled"]!,
            (int)mediator["unresolved"]!));

        // Filters narrow the set: one claim type, or a period that ends before these cases were filed.
        var received = (await regulator.GetFromJsonAsync<JsonObject>($"/api/stats?marketplace={Marketplace}&claimType=notAsDescribed"))!;
        Assert.Equal(1, (int)received["filed"]!);
        var before = (await regulator.GetFromJsonAsync<JsonObject>($"/api/stats?marketplace={Marketplace}&to=2026-11-01"))!;
        Assert.Equal(0, (int)before["filed"]!);
        Assert.Null(before["settlementRate"]);
    }

    [Fact]
    public async Task Export_IsOneLinePerCase_WithPseudonymsAndNoPersonalData()
    {
        const string Marketplace = "ExportMart";
        await SeedAsync(Marketplace);
        var regulator = await factory.ClientForAsync("regulator@demo.odr");

        var response = await regulator.GetAsync($"/api/stats/export.csv?marketplace={Marketplace}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',');
        Assert.Equal(Odr.Web.Features.Regulators.Statistics.CsvHeader, lines[0]);
        var rows = lines[1..].Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Matches("^B-[0-9A-F]{10}$", r["buyer"]));
        Assert.All(rows, r => Assert.Matches("^S-[0-9A-F]{10}$", r["seller"]));
        Assert.Single(rows.Select(r => r["buyer"]).Distinct()); // the same person, the same pseudonym
        Assert.Contains(rows, r => r["outcome"] == "dismissed" && r["awardDecision"] == "dismissed" && r["arbitrator"].StartsWith("N-", StringComparison.Ordinal));
        Assert.Contains(rows, r => r["outcome"] == "settled" && r["settledAt"] == "response" && r["complied"] == "true");
        var all = string.Join('\n', lines);
        Assert.DoesNotContain("@", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Shenzhen", all, StringComparison.Ordinal);
        Assert.DoesNotContain("A-1001", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadFilters_AreRefusedNamingThem_AndOnlyRegulatorsMayAsk()
    {
        var regulator = await factory.ClientForAsync("regulator@demo.odr");
        var backwards = await regulator.GetAsync("/api/stats?from=2026-11-10&to=2026-11-01");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("from", await backwards.ErrorFieldsAsync());
        var country = await regulator.GetAsync("/api/stats/export.csv?buyerCountry=XX");
        Assert.Equal(HttpStatusCode.BadRequest, country.StatusCode);
        Assert.Contains("buyerCountry", await country.ErrorFieldsAsync());
        var claim = await regulator.GetAsync("/api/stats?claimType=stolen");
        Assert.Equal(HttpStatusCode.BadRequest, claim.StatusCode);
        Assert.Contains("claimType", await claim.ErrorFieldsAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await regulator.GetAsync("/api/stats?from=yesterday")).StatusCode);

        foreach (var user in new[] { "buyer@demo.odr", "seller@demo.odr", "mediator@demo.odr" })
        {
            var client = await factory.ClientForAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/stats")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/stats/export.csv")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/stats")).StatusCode);
    }

    [Theory]
    [InlineData("to", "9999-12-31")]
    [InlineData("from", "0001-01-01")]
    public async Task DatesAtTheCalendarsEnds_AreRefusedNamingThem_ByTheApiTheExportAndThePage(string field, string date)
    {
        await FileAsync("EdgeMart");
        var regulator = await factory.ClientForAsync("regulator@demo.odr");
        var browser = await factory.BrowserForAsync("regulator@demo.odr");
        var wrong = new List<string>();
        foreach (var url in new[] { $"/api/stats?{field}={date}", $"/api/stats/export.csv?{field}={date}" })
        {
            var response = await regulator.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.BadRequest || !(await response.ErrorFieldsAsync()).Contains(field))
            {
                wrong.Add($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        foreach (var url in new[] { $"/Regulator?{field}={date}", $"/Regulator?handler=Export&{field}={date}" })
        {
            var response = await browser.GetAsync(url);
            var page = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || !page.Contains("Give a date between", StringComparison.Ordinal))
            {
                wrong.Add($"{url}: {(int)response.StatusCode} {page[..Math.Min(page.Length, 300)]}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task ARegulator_ReadsEveryCasePseudonymised_ButActsOnNone()
    {
        var url = await FileAsync("ViewMart");
        var id = Guid.Parse(url[(url.LastIndexOf('/') + 1)..]);
        var regulator = await factory.ClientForAsync("regulator@demo.odr");

        var list = (await regulator.GetFromJsonAsync<JsonObject>("/api/cases?pageSize=100"))!;
        Assert.Contains(list["items"]!.AsArray(), c => (Guid)c!["id"]! == id);
        var view = (await regulator.GetFromJsonAsync<JsonObject>(url))!;
        Assert.Equal("regulator", (string)view["viewerRole"]!);
        Assert.Matches("^B-[0-9A-F]{10}$", (string)view["buyer"]!["pseudonym"]!);
        Assert.Equal(("DE", "CN"), ((string)view["buyer"]!["country"]!, (string)view["seller"]!["country"]!));
        Assert.Equal("filed", (string)view["timeline"]![0]!["type"]!);
        var text = view.ToJsonString();
        Assert.DoesNotContain("@", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bluetooth headphones", text, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await regulator.PostAsJsonAsync($"{url}/response", new { action = "accept", consentToArbitration = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await regulator.PostAsJsonAsync($"{url}/withdraw", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await regulator.GetAsync($"{url}/messages")).StatusCode);
        await using var hub = await HubConnections.ConnectAsync(factory, "regulator@demo.odr");
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("JoinCase", id));
    }

    [Fact]
    public void Pseudonyms_AreStableAcrossRestarts_AndShareNothingAcrossPrefixes()
    {
        var keys = Path.Combine(factory.DataDirectory, "pseudonym-test-keys");
        var first = new Odr.Web.Features.Regulators.Pseudonyms(keys);
        var restarted = new Odr.Web.Features.Regulators.Pseudonyms(keys);
        Assert.Equal(first.Seller("Shop@Example.com"), restarted.Seller("shop@example.com"));
        Assert.NotEqual(first.Seller("shop@example.com")[2..], first.SellerKey("shop@example.com")[2..]);
        Assert.Single(Directory.GetFiles(keys));
        Assert.NotEqual(first.Seller("shop@example.com"), new Odr.Web.Features.Regulators.Pseudonyms(Path.Combine(keys, "other")).Seller("shop@example.com"));
    }
}
