using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests;

/// <summary>Every path of the lifecycle through the public API, with the workflow's timers on a fake clock.</summary>
public class LifecycleApiTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private sealed record Parties(HttpClient Buyer, HttpClient Seller, string Url);

    /// <summary>Moves the clock on; bearer tokens expire meanwhile (an hour), so the parties sign in again.</summary>
    private async Task<Parties> AdvanceAsync(Parties parties, TimeSpan delta)
    {
        await factory.AdvanceAsync(delta);
        return parties with { Buyer = await factory.ClientForAsync("buyer@demo.odr"), Seller = await factory.ClientForAsync("seller@demo.odr") };
    }

    private async Task<HttpClient> NeutralAsync(Parties parties, string role) =>
        await factory.ClientForUserAsync(Guid.Parse((string)(await GetAsync(parties.Buyer, parties.Url))[$"{role}Id"]!));

    private async Task<Parties> FileAsync(bool buyerConsents = true, Action<JsonObject>? change = null)
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filing = Filings.Valid();
        filing["consentToArbitration"] = buyerConsents;
        change?.Invoke(filing);
        var filed = await Filings.FileAsync(buyer, filing);
        await factory.DrainWorkflowsAsync();
        return new Parties(buyer, await factory.ClientForAsync("seller@demo.odr"), $"/api/cases/{filed["id"]}");
    }

    private static async Task<JsonObject> PostOkAsync(HttpClient client, string url, object? body = null)
    {
        var response = await client.PostAsJsonAsync(url, body ?? new { });
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<JsonObject> GetAsync(HttpClient client, string url) => (await client.GetFromJsonAsync<JsonObject>(url))!;

    private static async Task<List<string>> EventTypesAsync(HttpClient client, string url) =>
        (await client.GetFromJsonAsync<JsonArray>($"{url}/events"))!.Select(e => (string)e!["type"]!).ToList();

    private static string Stage(JsonObject c) => (string)c["stage"]!;

    private async Task<Parties> InNegotiationAsync(bool sellerConsents = true, bool buyerConsents = true)
    {
        var parties = await FileAsync(buyerConsents);
        await PostOkAsync(parties.Seller, $"{parties.Url}/response",
            new { action = "contest", statement = "The parcel was delivered on 5 October.", consentToArbitration = sellerConsents });
        await factory.DrainWorkflowsAsync();
        return parties;
    }

    private async Task<(Parties Parties, HttpClient Mediator)> InMediationAsync(bool sellerConsents = true, bool buyerConsents = true)
    {
        var parties = await InNegotiationAsync(sellerConsents, buyerConsents);
        await PostOkAsync(parties.Buyer, $"{parties.Url}/escalate", new { reason = "The seller will not move." });
        await factory.DrainWorkflowsAsync();
        var mediated = await GetAsync(parties.Buyer, parties.Url);
        Assert.Equal("mediation", Stage(mediated));
        Assert.NotNull(mediated["mediatorId"]);
        return (parties, await NeutralAsync(parties, "mediator"));
    }

    private async Task<(Parties Parties, HttpClient Arbitrator)> InArbitrationAsync()
    {
        var (parties, mediator) = await InMediationAsync();
        await PostOkAsync(mediator, $"{parties.Url}/mediation/impasse", new { note = "The parties disagree on delivery." });
        await factory.DrainWorkflowsAsync();
        var arbitrated = await GetAsync(parties.Buyer, parties.Url);
        Assert.Equal("arbitration", Stage(arbitrated));
        Assert.NotNull(arbitrated["arbitratorId"]);
        Assert.NotEqual((string?)arbitrated["mediatorId"], (string?)arbitrated["arbitratorId"]);
        return (parties, await NeutralAsync(parties, "arbitrator"));
    }

    [Fact]
    public async Task SettledAtResponse_ThenComplianceConfirmed_Closes()
    {
        var (buyer, seller, url) = await FileAsync();

        var accepted = await PostOkAsync(seller, $"{url}/response", new { action = "accept", statement = "Sorry, refunding.", consentToArbitration = true });

        Assert.Equal(("compliance", "settled", "response"), (Stage(accepted), (string)accepted["outcome"]!, (string)accepted["settledAt"]!));
        Assert.Equal("fullRefund", (string)accepted["settlement"]!["terms"]!["type"]!);
        Assert.Equal(factory.Clock.GetUtcNow().AddDays(14), DateTimeOffset.Parse((string)accepted["deadline"]!, System.Globalization.CultureInfo.InvariantCulture));

        var closed = await PostOkAsync(buyer, $"{url}/compliance", new { complied = true, note = "Refund received." });
        Assert.Equal(("closed", "settled", true), (Stage(closed), (string)closed["outcome"]!, (bool)closed["compliance"]!["complied"]!));
        Assert.NotNull(closed["closedAt"]);
        Assert.Equal(["filed", "governingLawSuggested", "responded", "settled", "complianceReported", "closed"], await EventTypesAsync(buyer, url));
    }

    private static List<string> Actions(JsonObject c) => c["availableActions"]!.AsArray().Select(a => (string)a!).ToList();

    [Fact]
    public async Task TheCase_ListsWhatItsViewerMayDoNow_AsTheCommandsWouldAllow()
    {
        var (buyer, seller, url) = await FileAsync();
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
    public async Task SettledInNegotiation_ByAnAcceptedCounterOffer()
    {
        var (buyer, seller, url) = await FileAsync();
        var negotiating = await PostOkAsync(seller, $"{url}/response", new
        {
            action = "counterOffer",
            offer = new { remedy = new { type = "partialRefund", amount = new { value = 30, currency = "EUR" } }, message = "Half, for the delay" },
            statement = "It arrived late, not lost.",
            consentToArbitration = false,
        });
        Assert.Equal("negotiation", Stage(negotiating));
        var sellerOffer = (string)negotiating["offers"]![0]!["id"]!;

        var rejected = await PostOkAsync(buyer, $"{url}/offers/{sellerOffer}/reject");
        Assert.Equal("rejected", (string)rejected["offers"]![0]!["status"]!);
        var created = await buyer.PostAsJsonAsync($"{url}/offers", new { remedy = new { type = "partialRefund", amount = new { value = 45, currency = "EUR" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var buyerOffer = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.PostAsJsonAsync($"{url}/offers/{buyerOffer}/accept", new { })).StatusCode);

        var settled = await PostOkAsync(seller, $"{url}/offers/{buyerOffer}/accept");

        Assert.Equal(("compliance", "settled", "negotiation"), (Stage(settled), (string)settled["outcome"]!, (string)settled["settledAt"]!));
        Assert.Equal(45m, (decimal)settled["settlement"]!["terms"]!["amount"]!["value"]!);
    }

    [Fact]
    public async Task SettledByBlindBid_NeverShowingEitherFigure()
    {
        var (buyer, seller, url) = await InNegotiationAsync();

        var first = await PostOkAsync(buyer, $"{url}/blind-bids", new { amount = new { value = 52.37, currency = "EUR" } });
        Assert.Equal((1, 2, false), ((int)first["round"]!, (int)first["roundsLeft"]!, (bool)first["settled"]!));
        var sellerView = await seller.GetStringAsync(url);
        Assert.DoesNotContain("52.37", sellerView, StringComparison.Ordinal);

        var second = await PostOkAsync(seller, $"{url}/blind-bids", new { amount = new { value = 41.11, currency = "EUR" } });

        Assert.True((bool)second["settled"]!);
        Assert.Equal(46.74m, (decimal)second["agreedAmount"]!["value"]!); // midpoint of 52.37 and 41.11
        foreach (var client in new[] { buyer, seller })
        {
            var text = await client.GetStringAsync(url) + await client.GetStringAsync($"{url}/events");
            Assert.DoesNotContain("52.37", text, StringComparison.Ordinal);
            Assert.DoesNotContain("41.11", text, StringComparison.Ordinal);
            Assert.Contains("46.74", text, StringComparison.Ordinal);
        }
        var dispute = await GetAsync(buyer, url);
        Assert.Equal(("compliance", "negotiation"), (Stage(dispute), (string)dispute["settledAt"]!));
    }

    [Fact]
    public async Task BlindBids_TooFarApart_DoNotSettleAndRevealNothing()
    {
        var (buyer, seller, url) = await InNegotiationAsync();
        await PostOkAsync(buyer, $"{url}/blind-bids", new { amount = new { value = 55.55, currency = "EUR" } });
        var answer = await PostOkAsync(seller, $"{url}/blind-bids", new { amount = new { value = 10.01, currency = "EUR" } });
        Assert.False((bool)answer["settled"]!);
        Assert.Null(answer["agreedAmount"]);
        Assert.DoesNotContain("55.55", await seller.GetStringAsync(url), StringComparison.Ordinal);
        Assert.DoesNotContain("10.01", await buyer.GetStringAsync(url), StringComparison.Ordinal);
        Assert.Equal("negotiation", Stage(await GetAsync(buyer, url)));
    }

    [Fact]
    public async Task SellerSilence_EscalatesToMediationAtTheDeadline_WithAMediatorAndAReminderBefore()
    {
        var parties = await FileAsync();

        parties = await AdvanceAsync(parties, TimeSpan.FromDays(5));
        var (buyer, _, url) = parties;
        Assert.Contains("reminderSent", await EventTypesAsync(buyer, url));
        Assert.Equal("awaitingResponse", Stage(await GetAsync(buyer, url)));

        parties = await AdvanceAsync(parties, TimeSpan.FromDays(2));
        buyer = parties.Buyer;

        var dispute = await GetAsync(buyer, url);
        Assert.Equal("mediation", Stage(dispute));
        Assert.NotNull(dispute["mediatorId"]);
        var events = (await buyer.GetFromJsonAsync<JsonArray>($"{url}/events"))!;
        var escalated = events.Single(e => (string)e!["type"]! == "escalated")!;
        Assert.Equal(("awaitingResponse", "mediation", "deadline"), ((string)escalated["data"]!["from"]!, (string)escalated["data"]!["to"]!, (string)escalated["data"]!["by"]!));
        Assert.Single(events, e => (string)e!["type"]! == "neutralAssigned");

        var mediator = await NeutralAsync(parties, "mediator");
        Assert.Equal("mediator", (string)(await GetAsync(mediator, url))["viewerRole"]!);
    }

    [Fact]
    public async Task AChineseCase_GetsAMediatorWhoWorksInChinese()
    {
        var parties = await AdvanceAsync(await FileAsync(change: f => f["language"] = "zh"), TimeSpan.FromDays(7));
        var url = parties.Url;
        var mediator2 = await factory.ClientForAsync("mediator2@demo.odr");
        Assert.Equal("mediator", (string)(await GetAsync(mediator2, url))["viewerRole"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.ClientForAsync("mediator@demo.odr")).GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task SettledInMediation_WhenBothAcceptTheProposal()
    {
        var ((buyer, seller, url), mediator) = await InMediationAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.PostAsJsonAsync($"{url}/mediation/proposals",
            new { remedy = new { type = "fullRefund" }, note = "x" })).StatusCode);

        var created = await mediator.PostAsJsonAsync($"{url}/mediation/proposals",
            new { remedy = new { type = "partialRefund", amount = new { value = 35, currency = "EUR" } }, note = "Shared responsibility for the courier." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var proposal = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        var half = await PostOkAsync(buyer, $"{url}/mediation/proposals/{proposal}/accept");
        Assert.Equal("mediation", Stage(half));
        var settled = await PostOkAsync(seller, $"{url}/mediation/proposals/{proposal}/accept");

        Assert.Equal(("compliance", "settled", "mediation"), (Stage(settled), (string)settled["outcome"]!, (string)settled["settledAt"]!));
        Assert.Equal(35m, (decimal)settled["settlement"]!["terms"]!["amount"]!["value"]!);
    }

    [Fact]
    public async Task Awarded_AfterImpasseWithBothConsents_WithEvidenceRequest_ThenCompliance()
    {
        var ((buyer, seller, url), arbitrator) = await InArbitrationAsync();
        var request = await arbitrator.PostAsJsonAsync($"{url}/evidence-requests", new { from = "seller", request = "Proof of delivery with signature.", dueInDays = 5 });
        Assert.Equal(HttpStatusCode.Created, request.StatusCode);
        Assert.Equal("open", (string)(await GetAsync(seller, url))["evidenceRequests"]![0]!["status"]!);

        var award = await PostOkAsync(arbitrator, $"{url}/award", new
        {
            decision = "partialRefund",
            amount = new { value = 40.00, currency = "EUR" },
            governingLaw = "DE",
            reasons = "The seller proved dispatch but not delivery; the buyer bears part of the courier risk it chose.",
        });

        Assert.Equal(("compliance", "awarded"), (Stage(award), (string)award["outcome"]!));
        Assert.Equal(("partialRefund", 40.00m, "DE"), ((string)award["award"]!["decision"]!, (decimal)award["award"]!["amount"]!["value"]!, (string)award["award"]!["governingLaw"]!));
        Assert.Equal(HttpStatusCode.Conflict, (await buyer.PostAsJsonAsync($"{url}/withdraw", new { })).StatusCode);

        var closed = await PostOkAsync(buyer, $"{url}/compliance", new { complied = false, note = "No refund yet." });
        Assert.Equal(("closed", "awarded", false), (Stage(closed), (string)closed["outcome"]!, (bool)closed["compliance"]!["complied"]!));
        var events = await EventTypesAsync(buyer, url);
        Assert.Equal(["awarded", "complianceReported", "closed"], events.TakeLast(3));
        Assert.Contains("impasse", events);
        Assert.Contains("evidenceRequested", events);
        Assert.Equal(2, events.Count(e => e == "neutralAssigned"));
    }

    [Fact]
    public async Task Dismissed_ClosesTheCase()
    {
        var ((buyer, _, url), arbitrator) = await InArbitrationAsync();
        var dismissed = await PostOkAsync(arbitrator, $"{url}/award", new { decision = "dismissed", governingLaw = "CN", reasons = "Delivery is proven by the signed receipt." });
        Assert.Equal(("closed", "dismissed"), (Stage(dismissed), (string)dismissed["outcome"]!));
        Assert.Null(dismissed["deadline"]);
    }

    [Fact]
    public async Task Award_WithBadFields_IsRefusedNamingThem()
    {
        var ((_, _, url), arbitrator) = await InArbitrationAsync();
        var noLaw = await arbitrator.PostAsJsonAsync($"{url}/award", new { decision = "fullRefund", reasons = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, noLaw.StatusCode);
        Assert.Contains("governingLaw", await noLaw.ErrorFieldsAsync());
        var tooMuch = await arbitrator.PostAsJsonAsync($"{url}/award", new { decision = "partialRefund", amount = new { value = 60.00, currency = "EUR" }, governingLaw = "DE", reasons = "x" });
        Assert.Contains("amount", await tooMuch.ErrorFieldsAsync());
        var noReasons = await arbitrator.PostAsJsonAsync($"{url}/award", new { decision = "fullRefund", governingLaw = "DE" });
        Assert.Contains("reasons", await noReasons.ErrorFieldsAsync());
    }

    [Fact]
    public async Task Unresolved_WithoutTheSellersConsent_MediationEndsTheCase()
    {
        var ((buyer, seller, url), mediator) = await InMediationAsync(sellerConsents: false);
        await PostOkAsync(mediator, $"{url}/mediation/proposals", new { remedy = new { type = "fullRefund" }, note = "A full refund is fair here." });

        var closed = await PostOkAsync(seller, $"{url}/escalate", new { reason = "We will not pay." });

        Assert.Equal(("closed", "unresolved"), (Stage(closed), (string)closed["outcome"]!));
        Assert.Null(closed["arbitratorId"]);
        Assert.Equal("A full refund is fair here.", (string)(await GetAsync(buyer, url))["mediatorRecommendation"]!);
    }

    [Fact]
    public async Task MediationDeadline_WithoutConsents_ClosesUnresolved()
    {
        var (parties, _) = await InMediationAsync(buyerConsents: false);
        parties = await AdvanceAsync(parties, TimeSpan.FromDays(21));
        var dispute = await GetAsync(parties.Buyer, parties.Url);
        Assert.Equal(("closed", "unresolved"), (Stage(dispute), (string)dispute["outcome"]!));
    }

    [Fact]
    public async Task Withdrawn_ByTheBuyerOnly()
    {
        var (buyer, seller, url) = await FileAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await seller.PostAsJsonAsync($"{url}/withdraw", new { })).StatusCode);
        var withdrawn = await PostOkAsync(buyer, $"{url}/withdraw");
        Assert.Equal(("closed", "withdrawn"), (Stage(withdrawn), (string)withdrawn["outcome"]!));
        Assert.Equal(HttpStatusCode.Conflict, (await seller.PostAsJsonAsync($"{url}/response", new { action = "accept", consentToArbitration = true })).StatusCode);
        var later = await AdvanceAsync(new Parties(buyer, seller, url), TimeSpan.FromDays(30)); // the response timer went with the stage
        Assert.Equal(["filed", "governingLawSuggested", "withdrawn", "closed"], await EventTypesAsync(later.Buyer, url));
    }

    [Fact]
    public async Task ComplianceDeadline_ClosesTheCaseUnreported()
    {
        var parties = await FileAsync();
        await PostOkAsync(parties.Seller, $"{parties.Url}/response", new { action = "accept", consentToArbitration = false });
        await factory.DrainWorkflowsAsync();
        parties = await AdvanceAsync(parties, TimeSpan.FromDays(14));
        var dispute = await GetAsync(parties.Buyer, parties.Url);
        Assert.Equal(("closed", "settled"), (Stage(dispute), (string)dispute["outcome"]!));
        Assert.Null(dispute["compliance"]!["complied"]);
    }

    [Fact]
    public async Task EvidenceRequest_Lapses_AtItsDueDate()
    {
        var (parties, arbitrator) = await InArbitrationAsync();
        await arbitrator.PostAsJsonAsync($"{parties.Url}/evidence-requests", new { from = "buyer", request = "Photos of the damaged box.", dueInDays = 3 });
        await factory.DrainWorkflowsAsync();
        parties = await AdvanceAsync(parties, TimeSpan.FromDays(3));
        var dispute = await GetAsync(parties.Seller, parties.Url);
        Assert.Equal("lapsed", (string)dispute["evidenceRequests"]![0]!["status"]!);
        Assert.Contains("evidenceRequestLapsed", await EventTypesAsync(parties.Seller, parties.Url));
    }

    [Fact]
    public async Task ArbitrationDeadline_ReplacesTheArbitrator()
    {
        var (parties, _) = await InArbitrationAsync();
        var before = (string)(await GetAsync(parties.Buyer, parties.Url))["arbitratorId"]!;
        parties = await AdvanceAsync(parties, TimeSpan.FromDays(30));
        var after = await GetAsync(parties.Buyer, parties.Url);
        Assert.Equal("arbitration", Stage(after));
        Assert.NotNull(after["arbitratorId"]);
        Assert.NotEqual(before, (string)after["arbitratorId"]!);
    }

    [Fact]
    public async Task ActionsOutOfStage_Are409_ByTheWrongPerson403_ByStrangers404()
    {
        var (buyer, seller, url) = await FileAsync();
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
        var (buyer, _, url) = await FileAsync();
        var caseId = url[(url.LastIndexOf('/') + 1)..];
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/api/admin/workflows/cases/{caseId}")).StatusCode);
        var admin = await factory.ClientForAsync("admin@demo.odr");
        var view = await GetAsync(admin, $"/api/admin/workflows/cases/{caseId}");
        Assert.Equal(("dispute-resolution", "awaitingResponse"), ((string)view["instance"]!["definitionName"]!, (string)view["instance"]!["currentStep"]!));
        Assert.Contains(view["timers"]!.AsArray(), t => (string)t!["name"]! == "deadline" && (string)t["status"]! == "pending");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/workflows/dead-letters")).StatusCode);
    }
}
