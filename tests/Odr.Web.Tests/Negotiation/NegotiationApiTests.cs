using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Odr.Web.Tests.LifecycleApi;

namespace Odr.Web.Tests.Negotiation;

/// <summary>Negotiation through the public API: offers and blind bids.</summary>
public class NegotiationApiTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private readonly LifecycleApi api = new(factory);

    [Fact]
    public async Task SettledInNegotiation_ByAnAcceptedCounterOffer()
    {
        var (buyer, seller, url) = await api.FileAsync();
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
        var (buyer, seller, url) = await api.InNegotiationAsync();

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
        var (buyer, seller, url) = await api.InNegotiationAsync();
        await PostOkAsync(buyer, $"{url}/blind-bids", new { amount = new { value = 55.55, currency = "EUR" } });
        var answer = await PostOkAsync(seller, $"{url}/blind-bids", new { amount = new { value = 10.01, currency = "EUR" } });
        Assert.False((bool)answer["settled"]!);
        Assert.Null(answer["agreedAmount"]);
        Assert.DoesNotContain("55.55", await seller.GetStringAsync(url), StringComparison.Ordinal);
        Assert.DoesNotContain("10.01", await buyer.GetStringAsync(url), StringComparison.Ordinal);
        Assert.Equal("negotiation", Stage(await GetAsync(buyer, url)));
    }
}
