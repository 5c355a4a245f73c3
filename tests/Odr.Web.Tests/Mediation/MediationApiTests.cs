using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Odr.Web.Tests.LifecycleApi;

namespace Odr.Web.Tests.Mediation;

/// <summary>Mediation through the public API: the mediator's assignment, proposals, and how mediation ends.</summary>
public class MediationApiTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private readonly LifecycleApi api = new(factory);

    [Fact]
    public async Task SellerSilence_EscalatesToMediationAtTheDeadline_WithAMediatorAndAReminderBefore()
    {
        var parties = await api.FileAsync();

        parties = await api.AdvanceAsync(parties, TimeSpan.FromDays(5));
        var (buyer, _, url) = parties;
        Assert.Contains("reminderSent", await EventTypesAsync(buyer, url));
        Assert.Equal("awaitingResponse", Stage(await GetAsync(buyer, url)));

        parties = await api.AdvanceAsync(parties, TimeSpan.FromDays(2));
        buyer = parties.Buyer;

        var dispute = await GetAsync(buyer, url);
        Assert.Equal("mediation", Stage(dispute));
        Assert.NotNull(dispute["mediatorId"]);
        var events = (await buyer.GetFromJsonAsync<JsonArray>($"{url}/events"))!;
        var escalated = events.Single(e => (string)e!["type"]! == "escalated")!;
        Assert.Equal(("awaitingResponse", "mediation", "deadline"), ((string)escalated["data"]!["from"]!, (string)escalated["data"]!["to"]!, (string)escalated["data"]!["by"]!));
        Assert.Single(events, e => (string)e!["type"]! == "neutralAssigned");

        var mediator = await api.NeutralAsync(parties, "mediator");
        Assert.Equal("mediator", (string)(await GetAsync(mediator, url))["viewerRole"]!);
    }

    [Fact]
    public async Task AChineseCase_GetsAMediatorWhoWorksInChinese()
    {
        var parties = await api.AdvanceAsync(await api.FileAsync(change: f => f["language"] = "zh"), TimeSpan.FromDays(7));
        var url = parties.Url;
        var mediator2 = await factory.ClientForAsync("mediator2@demo.odr");
        Assert.Equal("mediator", (string)(await GetAsync(mediator2, url))["viewerRole"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.ClientForAsync("mediator@demo.odr")).GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task SettledInMediation_WhenBothAcceptTheProposal()
    {
        var ((buyer, seller, url), mediator) = await api.InMediationAsync();
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
    public async Task Unresolved_WithoutTheSellersConsent_MediationEndsTheCase()
    {
        var ((buyer, seller, url), mediator) = await api.InMediationAsync(sellerConsents: false);
        await PostOkAsync(mediator, $"{url}/mediation/proposals", new { remedy = new { type = "fullRefund" }, note = "A full refund is fair here." });

        var closed = await PostOkAsync(seller, $"{url}/escalate", new { reason = "We will not pay." });

        Assert.Equal(("closed", "unresolved"), (Stage(closed), (string)closed["outcome"]!));
        Assert.Null(closed["arbitratorId"]);
        Assert.Equal("A full refund is fair here.", (string)(await GetAsync(buyer, url))["mediatorRecommendation"]!);
    }

    [Fact]
    public async Task MediationDeadline_WithoutConsents_ClosesUnresolved()
    {
        var (parties, _) = await api.InMediationAsync(buyerConsents: false);
        parties = await api.AdvanceAsync(parties, TimeSpan.FromDays(21));
        var dispute = await GetAsync(parties.Buyer, parties.Url);
        Assert.Equal(("closed", "unresolved"), (Stage(dispute), (string)dispute["outcome"]!));
    }
}
