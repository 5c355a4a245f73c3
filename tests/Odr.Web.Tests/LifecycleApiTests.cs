using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Odr.Web.Tests.LifecycleApi;

namespace Odr.Web.Tests;

/// <summary>The lifecycle through the public API: what every stage shares (the response, withdrawal, compliance, refusals, what a viewer may do).</summary>
public class LifecycleApiTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private readonly LifecycleApi api = new(factory);

    [Fact]
    public async Task SettledAtResponse_ThenComplianceConfirmed_Closes()
    {
        var (buyer, seller, url) = await api.FileAsync();

        var accepted = await PostOkAsync(seller, $"{url}/response", new { action = "accept", statement = "Sorry, refunding.", consentToArbitration = true });

        Assert.Equal(("compliance", "settled", "response"), (Stage(accepted), (string)accepted["outcome"]!, (string)accepted["settledAt"]!));
        Assert.Equal("fullRefund", (string)accepted["settlement"]!["terms"]!["type"]!);
        Assert.Equal(factory.Clock.GetUtcNow().AddDays(14), DateTimeOffset.Parse((string)accepted["deadline"]!, System.Globalization.CultureInfo.InvariantCulture));

        var closed = await PostOkAsync(buyer, $"{url}/compliance", new { complied = true, note = "Refund received." });
        Assert.Equal(("closed", "settled", true), (Stage(closed), (string)closed["outcome"]!, (bool)closed["compliance"]!["complied"]!));
        Assert.NotNull(closed["closedAt"]);
        Assert.Equal(["filed", "governingLawSuggested", "responded", "settled", "complianceReported", "closed"], await EventTypesAsync(buyer, url));
    }

    [Fact]
    public async Task TheCase_ListsWhatItsViewerMayDoNow_AsTheCommandsWouldAllow()
    {
        var (buyer, seller, url) = await api.FileAsync();
        Assert.Equal(["respond", "takeGoverningLawPosition", "correctContractFacts", "addEvidence"], Actions(await GetAsync(seller, url)));
        Assert.Equal(["takeGoverningLawPosition", "correctContractFacts", "addEvidence", "withdraw"], Actions(await GetAsync(buyer, url)));

        var negotiating = await PostOkAsync(seller, $"{url}/response", new
        {
            action = "counterOffer",
            offer = new { remedy = new { type = "partialRefund", amount = new { value = 30, currency = "EUR" } } },
            consentToArbitration = true,
        });
        Assert.Equal(["makeOffer", "placeBlindBid", "escalate", "takeGoverningLawPosition", "correctContractFacts", "addEvidence"], Actions(negotiating));
        Assert.Equal(["makeOffer", "acceptOffer", "rejectOffer", "placeBlindBid", "escalate", "takeGoverningLawPosition", "correctContractFacts",
            "addEvidence", "withdraw"], Actions(await GetAsync(buyer, url)));
        Assert.Equal(HttpStatusCode.Conflict, (await seller.PostAsJsonAsync($"{url}/response", new { action = "contest", statement = "No." })).StatusCode);
    }

    [Fact]
    public async Task Withdrawn_ByTheBuyerOnly()
    {
        var (buyer, seller, url) = await api.FileAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await seller.PostAsJsonAsync($"{url}/withdraw", new { })).StatusCode);
        var withdrawn = await PostOkAsync(buyer, $"{url}/withdraw");
        Assert.Equal(("closed", "withdrawn"), (Stage(withdrawn), (string)withdrawn["outcome"]!));
        Assert.Equal(HttpStatusCode.Conflict, (await seller.PostAsJsonAsync($"{url}/response", new { action = "accept", consentToArbitration = true })).StatusCode);
        var later = await api.AdvanceAsync(new Parties(buyer, seller, url), TimeSpan.FromDays(30)); // the response timer went with the stage
        Assert.Equal(["filed", "governingLawSuggested", "withdrawn", "closed"], await EventTypesAsync(later.Buyer, url));
    }

    [Fact]
    public async Task ComplianceDeadline_ClosesTheCaseUnreported()
    {
        var parties = await api.FileAsync();
        await PostOkAsync(parties.Seller, $"{parties.Url}/response", new { action = "accept", consentToArbitration = false });
        await factory.DrainWorkflowsAsync();
        parties = await api.AdvanceAsync(parties, TimeSpan.FromDays(14));
        var dispute = await GetAsync(parties.Buyer, parties.Url);
        Assert.Equal(("closed", "settled"), (Stage(dispute), (string)dispute["outcome"]!));
        Assert.Null(dispute["compliance"]!["complied"]);
    }

    [Fact]
    public async Task ActionsOutOfStage_Are409_ByTheWrongPerson403_ByStrangers404()
    {
        var (buyer, seller, url) = await api.FileAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await buyer.PostAsJsonAsync($"{url}/offers", new { remedy = new { type = "fullRefund" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await buyer.PostAsJsonAsync($"{url}/escalate", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await buyer.PostAsJsonAsync($"{url}/compliance", new { complied = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.PostAsJsonAsync($"{url}/response", new { action = "accept", consentToArbitration = true })).StatusCode);
        var stranger = await factory.ClientForAsync("buyer2@demo.odr");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"{url}/withdraw", new { })).StatusCode);
        var badAction = await seller.PostAsJsonAsync($"{url}/response", new { action = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, badAction.StatusCode);
        Assert.Contains("action", await badAction.ErrorFieldsAsync());
        var noAction = await seller.PostAsJsonAsync($"{url}/response", new { statement = "hm" });
        Assert.Contains("action", await noAction.ErrorFieldsAsync());
    }

    [Fact]
    public async Task WorkflowAdmin_ShowsTheCasesInstanceToAdminsOnly()
    {
        var (buyer, _, url) = await api.FileAsync();
        var caseId = url[(url.LastIndexOf('/') + 1)..];
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/api/admin/workflows/cases/{caseId}")).StatusCode);
        var admin = await factory.ClientForAsync("admin@demo.odr");
        var view = await GetAsync(admin, $"/api/admin/workflows/cases/{caseId}");
        Assert.Equal(("dispute-resolution", "awaitingResponse"), ((string)view["instance"]!["definitionName"]!, (string)view["instance"]!["currentStep"]!));
        Assert.Contains(view["timers"]!.AsArray(), t => (string)t!["name"]! == "deadline" && (string)t["status"]! == "pending");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/workflows/dead-letters")).StatusCode);
    }
}
