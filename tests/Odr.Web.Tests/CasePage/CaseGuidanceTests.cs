using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests.CasePage;

/// <summary>
/// The parties' guidance in a running case: the seller has something to do at compliance (carry the outcome out, with
/// payment guidance, and say so with the payment's reference), and a blind bid says the right thing when the other side
/// has not bid.
/// </summary>
public sealed class CaseGuidanceTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private readonly CasePages pages = new(factory);

    [Fact]
    public async Task AtCompliance_TheSellerIsToldWhatToPayAndHow_ReportsItWithAReference_AndTheBuyerSeesItBeforeConfirming()
    {
        var (id, page) = await pages.FileAsync();
        var seller = await pages.BrowserAsync("seller@demo.odr");
        var buyer = await pages.BrowserAsync("buyer@demo.odr");
        await CasePages.ActAsync(seller, page, "Respond", new() { ["action"] = "CounterOffer", ["counterType"] = "PartialRefund", ["counterAmount"] = "30" });
        var offerId = (string)(await pages.CaseAsync(id))["offers"]![0]!["id"]!;
        await CasePages.ActAsync(buyer, page, "AcceptOffer", new() { ["offerId"] = offerId });
        await factory.DrainWorkflowsAsync();
        Assert.Equal("compliance", (string)(await pages.CaseAsync(id))["stage"]!);

        var html = await seller.GetStringAsync(page);
        var form = CasePages.Text(CasePages.Form(html, "carry-out"));
        Assert.Contains("What you must do: Partial refund: 30.00 EUR", form, StringComparison.Ordinal);
        Assert.Contains("Pay in EUR, the currency the buyer paid", form, StringComparison.Ordinal);
        Assert.Contains("Carry out the outcome, then tell us it is done.", CasePages.Text(html), StringComparison.Ordinal);
        Assert.Contains("href=\"#carry-out\"", html, StringComparison.Ordinal);
        Assert.Contains("The seller has not yet reported carrying out the outcome (Partial refund: 30.00 EUR).", CasePages.Text(await buyer.GetStringAsync(page)),
            StringComparison.Ordinal);

        // A reference too long is refused beside the form, naming the field; nothing changes.
        var refused = await CasePages.PostFormAsync(seller, page, "Performance", new() { ["paymentReference"] = new string('x', 201) });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Null((await pages.CaseAsync(id))["compliance"]!["performanceReportedAt"]);

        await CasePages.ActAsync(seller, page, "Performance", new() { ["paymentReference"] = "PP-REFUND-7731", ["performanceNote"] = "Refunded via PayPal." });
        var after = await seller.GetStringAsync(page);
        Assert.DoesNotContain("id=\"carry-out\"", after, StringComparison.Ordinal);
        Assert.Contains("id=\"carried-out\"", after, StringComparison.Ordinal);
        Assert.Contains("id=\"todo-none\"", after, StringComparison.Ordinal);

        var buyerPage = CasePages.Text(await buyer.GetStringAsync(page));
        Assert.Contains("Payment reference: PP-REFUND-7731. Check that it arrived, then answer below.", buyerPage, StringComparison.Ordinal);
        Assert.Contains("Refunded via PayPal.", buyerPage, StringComparison.Ordinal);
        var compliance = (await pages.CaseAsync(id))["compliance"]!;
        Assert.Equal("PP-REFUND-7731", (string)compliance["paymentReference"]!);
        Assert.Equal("compliance", (string)(await pages.CaseAsync(id))["stage"]!); // only the buyer's answer closes the case

        // Once only; through the API the same rule answers 409.
        var again = await (await factory.ClientForAsync("seller@demo.odr")).PostAsJsonAsync($"/api/cases/{id}/performance", new { paymentReference = "again" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var history = await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonArray>($"/api/cases/{id}/events");
        Assert.Contains("performanceReported", history!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABlindBid_BeforeTheOtherSideHasBid_DoesNotSayItMissedTheirs()
    {
        var (id, page) = await pages.FileAsync();
        var seller = await pages.BrowserAsync("seller@demo.odr");
        var buyer = await pages.BrowserAsync("buyer@demo.odr");
        await CasePages.ActAsync(seller, page, "Respond", new() { ["action"] = "Contest", ["statement"] = "Delivered." });

        await CasePages.ActAsync(buyer, page, "BlindBid", new() { ["bidAmount"] = "50" });
        var first = CasePages.Text(await buyer.GetStringAsync(page));
        Assert.Contains("The other side has not placed one yet", first, StringComparison.Ordinal);
        Assert.DoesNotContain("did not meet", first, StringComparison.Ordinal);

        await CasePages.ActAsync(seller, page, "BlindBid", new() { ["bidAmount"] = "10" });
        Assert.Contains("It did not meet the other side's", CasePages.Text(await seller.GetStringAsync(page)), StringComparison.Ordinal);
        Assert.Equal("negotiation", (string)(await pages.CaseAsync(id))["stage"]!);
    }
}
