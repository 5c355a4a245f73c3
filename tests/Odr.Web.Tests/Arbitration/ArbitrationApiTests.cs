using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Odr.Web.Tests.LifecycleApi;

namespace Odr.Web.Tests.Arbitration;

/// <summary>Arbitration through the public API: evidence requests, the award and the arbitrator's deadline.</summary>
public class ArbitrationApiTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private readonly LifecycleApi api = new(factory);

    [Fact]
    public async Task Awarded_AfterImpasseWithBothConsents_WithEvidenceRequest_ThenCompliance()
    {
        var ((buyer, seller, url), arbitrator) = await api.InArbitrationAsync();
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
        var ((buyer, _, url), arbitrator) = await api.InArbitrationAsync();
        var dismissed = await PostOkAsync(arbitrator, $"{url}/award", new { decision = "dismissed", governingLaw = "CN", reasons = "Delivery is proven by the signed receipt." });
        Assert.Equal(("closed", "dismissed"), (Stage(dismissed), (string)dismissed["outcome"]!));
        Assert.Null(dismissed["deadline"]);
    }

    [Fact]
    public async Task Award_WithBadFields_IsRefusedNamingThem()
    {
        var ((_, _, url), arbitrator) = await api.InArbitrationAsync();
        var noLaw = await arbitrator.PostAsJsonAsync($"{url}/award", new { decision = "fullRefund", reasons = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, noLaw.StatusCode);
        Assert.Contains("governingLaw", await noLaw.ErrorFieldsAsync());
        var tooMuch = await arbitrator.PostAsJsonAsync($"{url}/award", new { decision = "partialRefund", amount = new { value = 60.00, currency = "EUR" }, governingLaw = "DE", reasons = "x" });
        Assert.Contains("amount", await tooMuch.ErrorFieldsAsync());
        var noReasons = await arbitrator.PostAsJsonAsync($"{url}/award", new { decision = "fullRefund", governingLaw = "DE" });
        Assert.Contains("reasons", await noReasons.ErrorFieldsAsync());
    }

    [Fact]
    public async Task EvidenceRequest_Lapses_AtItsDueDate()
    {
        var (parties, arbitrator) = await api.InArbitrationAsync();
        await arbitrator.PostAsJsonAsync($"{parties.Url}/evidence-requests", new { from = "buyer", request = "Photos of the damaged box.", dueInDays = 3 });
        await factory.DrainWorkflowsAsync();
        parties = await api.AdvanceAsync(parties, TimeSpan.FromDays(3));
        var dispute = await GetAsync(parties.Seller, parties.Url);
        Assert.Equal("lapsed", (string)dispute["evidenceRequests"]![0]!["status"]!);
        Assert.Contains("evidenceRequestLapsed", await EventTypesAsync(parties.Seller, parties.Url));
    }

    [Fact]
    public async Task ArbitrationDeadline_ReplacesTheArbitrator()
    {
        var (parties, _) = await api.InArbitrationAsync();
        var before = (string)(await GetAsync(parties.Buyer, parties.Url))["arbitratorId"]!;
        parties = await api.AdvanceAsync(parties, TimeSpan.FromDays(30));
        var after = await GetAsync(parties.Buyer, parties.Url);
        Assert.Equal("arbitration", Stage(after));
        Assert.NotNull(after["arbitratorId"]);
        Assert.NotEqual(before, (string)after["arbitratorId"]!);
    }
}
