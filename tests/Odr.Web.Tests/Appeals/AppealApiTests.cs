using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Odr.Web.Tests.LifecycleApi;

namespace Odr.Web.Tests.Appeals;

/// <summary>Appeals through the public API: an award appealed, decided by a fresh arbitrator, and its signed decision; every refusal.</summary>
public class AppealApiTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private readonly LifecycleApi api = new(factory);

    private async Task<(Parties Parties, HttpClient Arbitrator)> AwardedAsync()
    {
        var (parties, arbitrator) = await api.InArbitrationAsync();
        var awarded = await PostOkAsync(arbitrator, $"{parties.Url}/award", new
        {
            decision = "partialRefund",
            amount = new { value = 40.00, currency = "EUR" },
            governingLaw = "DE",
            reasons = "The seller proved dispatch but not delivery; the buyer bears part of the courier risk it chose.",
        });
        Assert.Equal("compliance", Stage(awarded));
        Assert.NotNull(awarded["appeal"]!["appealableUntil"]);
        Assert.False((bool)awarded["appeal"]!["final"]!);
        await factory.DrainWorkflowsAsync();
        return (parties, arbitrator);
    }

    [Fact]
    public async Task Award_AppealedAndDecidedByAFreshArbitrator_IssuesAVerifiableAppealDecision()
    {
        var ((buyer, seller, url), first) = await AwardedAsync();
        var before = await GetAsync(buyer, url);
        var firstArbitrator = (string)before["arbitratorId"]!;
        Assert.Contains("appeal", Actions(await GetAsync(seller, url)));

        var appealed = await PostOkAsync(seller, $"{url}/appeal", new { grounds = "manifestError", statement = "The courier's scan shows delivery to the buyer's door." });
        Assert.Equal("appeal", Stage(appealed));
        Assert.Equal(("seller", "manifestError"), ((string)appealed["appeal"]!["by"]!, (string)appealed["appeal"]!["grounds"]!));
        Assert.NotNull(appealed["appeal"]!["deadline"]);
        await factory.DrainWorkflowsAsync();

        var assigned = await GetAsync(buyer, url);
        var appealArbitrator = (string)assigned["appeal"]!["arbitratorId"]!;
        Assert.NotEqual(firstArbitrator, appealArbitrator);
        Assert.NotEqual((string)assigned["mediatorId"]!, appealArbitrator);
        var judge = await api.NeutralAsync(new Parties(buyer, seller, url), "arbitrator");
        Assert.Contains("decideAppeal", Actions(await GetAsync(judge, url)));

        // The first arbitrator has no part in the appeal; a party may not decide it: nothing changes.
        var decision = new { decision = "varied", award = new { decision = "partialRefund", amount = new { value = 20.00, currency = "EUR" }, governingLaw = "DE" },
            reasons = "Half of the order arrived; the scan covers one parcel of two." };
        Assert.Equal(HttpStatusCode.NotFound, (await first.PostAsJsonAsync($"{url}/appeal/decision", decision)).StatusCode);
        var byParty = await buyer.PostAsJsonAsync($"{url}/appeal/decision", decision);
        Assert.Equal(HttpStatusCode.Forbidden, byParty.StatusCode);
        Assert.Equal("appeal", Stage(await GetAsync(buyer, url)));

        // Evidence requests work as in arbitration.
        Assert.Equal(HttpStatusCode.Created, (await judge.PostAsJsonAsync($"{url}/evidence-requests", new { from = "seller", request = "The second parcel's scan.", dueInDays = 3 })).StatusCode);

        var decided = await PostOkAsync(judge, $"{url}/appeal/decision", decision);
        Assert.Equal(("compliance", "awarded"), (Stage(decided), (string)decided["outcome"]!));
        Assert.Equal(20.00m, (decimal)decided["award"]!["amount"]!["value"]!);
        Assert.Equal(("varied", "partialRefund", 40.00m), ((string)decided["appeal"]!["decision"]!["decision"]!,
            (string)decided["appeal"]!["decision"]!["originalAward"]!, (decimal)decided["appeal"]!["decision"]!["originalAmount"]!["value"]!));
        Assert.True((bool)decided["appeal"]!["final"]!);
        Assert.DoesNotContain("appeal", Actions(decided));
        Assert.Equal(HttpStatusCode.Conflict, (await buyer.PostAsJsonAsync($"{url}/appeal", new { grounds = "procedural", statement = "Again." })).StatusCode);

        await factory.DrainWorkflowsAsync();
        var documents = (await buyer.GetFromJsonAsync<JsonArray>($"{url}/documents"))!;
        var document = Assert.Single(documents, d => (string)d!["kind"]! == "appealDecision")!;
        var pdf = await buyer.GetByteArrayAsync($"/api/documents/{document["id"]}");
        var text = (await Poppler.TextAsync(pdf)).Replace("\n", " ", StringComparison.Ordinal);
        foreach (var expected in new[] { "Appeal Decision", "Appeal arbitrator", "manifest error", "The award is varied", "20.00 EUR", "one parcel of two", "Verification code" })
        {
            Assert.True(text.Contains(expected, StringComparison.Ordinal), $"'{expected}' is missing from the appeal decision:\n{text}");
        }
        var (valid, report) = await Poppler.SignatureAsync(pdf);
        Assert.True(valid, report);
        var anonymous = factory.CreateClient();
        var verified = (await (await anonymous.GetAsync($"/api/verify/{document["verificationCode"]}")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((true, "appealDecision"), ((bool)verified["valid"]!, (string)verified["kind"]!));

        var events = await EventTypesAsync(buyer, url);
        Assert.Contains("appealed", events);
        Assert.Contains("appealDecided", events);
        Assert.True(events.IndexOf("appealed") < events.IndexOf("appealDecided"));
    }

    [Fact]
    public async Task BadAppeals_AreRefused_AndChangeNothing()
    {
        var ((buyer, seller, url), arbitrator) = await AwardedAsync();
        var mediator = await api.NeutralAsync(new Parties(buyer, seller, url), "mediator");
        var stranger = await factory.ClientForAsync("buyer2@demo.odr");
        var appeal = new { grounds = "procedural", statement = "I was not heard." };
        var before = (await EventTypesAsync(buyer, url)).Count;

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"{url}/appeal", appeal)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await mediator.PostAsJsonAsync($"{url}/appeal", appeal)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await arbitrator.PostAsJsonAsync($"{url}/appeal", appeal)).StatusCode);
        var noGrounds = await buyer.PostAsJsonAsync($"{url}/appeal", new { statement = "No grounds." });
        Assert.Equal(HttpStatusCode.BadRequest, noGrounds.StatusCode);
        Assert.Contains("grounds", await noGrounds.ErrorFieldsAsync());
        Assert.Contains("statement", await (await buyer.PostAsJsonAsync($"{url}/appeal", new { grounds = "procedural" })).ErrorFieldsAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await arbitrator.PostAsJsonAsync($"{url}/appeal/decision", new { decision = "upheld", reasons = "x" })).StatusCode);
        Assert.Equal(("compliance", before), (Stage(await GetAsync(buyer, url)), (await EventTypesAsync(buyer, url)).Count));

        // The appeal period passes: the award is final, and an appeal now is out of time.
        var parties = await api.AdvanceAsync(new Parties(buyer, seller, url), TimeSpan.FromDays(14));
        var final = await GetAsync(parties.Buyer, url);
        Assert.True((bool)final["appeal"]!["final"]!);
        Assert.Contains("awardFinal", await EventTypesAsync(parties.Buyer, url));
        var late = await parties.Seller.PostAsJsonAsync($"{url}/appeal", appeal);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Null((await GetAsync(parties.Buyer, url))["appeal"]!["by"]);
    }

    [Fact]
    public async Task Dismissal_IsAppealed_AndSetAside_ClosesUnresolved()
    {
        var ((buyer, seller, url), arbitrator) = await api.InArbitrationAsync();
        await PostOkAsync(arbitrator, $"{url}/award", new { decision = "dismissed", governingLaw = "CN", reasons = "Delivery is proven by the signed receipt." });
        await factory.DrainWorkflowsAsync();
        var appealed = await PostOkAsync(buyer, $"{url}/appeal", new { grounds = "newEvidence", statement = "The receipt is signed by someone else." });
        Assert.Equal("appeal", Stage(appealed));
        Assert.Null(appealed["closedAt"]);
        await factory.DrainWorkflowsAsync();
        var judge = await api.NeutralAsync(new Parties(buyer, seller, url), "arbitrator");
        var setAside = await PostOkAsync(judge, $"{url}/appeal/decision", new { decision = "setAside", reasons = "The buyer was never shown the receipt." });
        Assert.Equal(("closed", "unresolved"), (Stage(setAside), (string)setAside["outcome"]!));
        await factory.DrainWorkflowsAsync();
        var kinds = (await buyer.GetFromJsonAsync<JsonArray>($"{url}/documents"))!.Select(d => (string)d!["kind"]!).Order().ToList();
        Assert.Equal(["appealDecision", "ruling"], kinds); // no mediator's recommendation for a set-aside award
    }

    [Fact]
    public void Appeal_IsTheWebhookCaseAppealed()
    {
        var appealed = new Odr.Domain.Disputes.Events.AwardAppealed(Odr.Domain.Disputes.DisputeId.New(), Odr.Domain.Parties.CaseRole.Seller,
            Odr.Domain.Disputes.AppealGrounds.Procedural, null, DateTimeOffset.UnixEpoch);
        Assert.Equal("case.appealed", Odr.Web.Features.Marketplaces.WebhookSubscriber.TypeOf(appealed));
    }
}
