using System.Globalization;
using System.Net;
using Odr.Web.Infrastructure.Forms;

namespace Odr.Web.Tests.Filing;

/// <summary>Amounts as people type them: a decimal comma is never read as a group separator (issue 27's blocker).</summary>
public sealed class FilingAmountTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    [Theory]
    [InlineData("120,00", "en", "120.00")]
    [InlineData("120.00", "en", "120.00")]
    [InlineData("120,5", "en", "120.5")]
    [InlineData("1.234,56", "en", "1234.56")]
    [InlineData("1,234.56", "zh-Hans", "1234.56")]
    [InlineData("1 234,56", "en", "1234.56")]
    [InlineData("1'234.50", "en", "1234.50")]
    [InlineData("1,234", "en", "1234")]
    [InlineData("1.234", "en", "1.234")]
    [InlineData("1.234", "de", "1234")]
    [InlineData("１２０．００", "zh-Hans", "120.00")]
    [InlineData("12000", "en", "12000")]
    public void TryParse_ReadsTheDecimalMarkAPersonMeant(string typed, string culture, string expected)
    {
        Assert.True(AmountText.TryParse(typed, new CultureInfo(culture), out var value));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("fifty")]
    [InlineData("12,34,56")]
    [InlineData("1.2.3,4,5")]
    [InlineData("-5")]
    [InlineData(",50")]
    [InlineData("12,")]
    [InlineData("12.345.6")]
    public void TryParse_WhenTheTextIsNoAmount_RefusesRatherThanGuesses(string typed) =>
        Assert.False(AmountText.TryParse(typed, CultureInfo.GetCultureInfo("en"), out _));

    [Fact]
    public async Task FileForm_WhenAnAmountHasADecimalComma_KeepsItThroughAnErrorAndFilesTheRightAmount()
    {
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        var form = PageTests.Complaint(await OdrWebFactory.FormTokenAsync(buyer, "/Cases/File"), amount: "120,00",
            with: new Dictionary<string, string> { ["item"] = "" });

        var refused = await buyer.PostAsync("/Cases/File", form);

        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("value=\"120,00\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("12000", html, StringComparison.Ordinal);

        var filed = await buyer.PostAsync("/Cases/File",
            PageTests.Complaint(await OdrWebFactory.FormTokenAsync(buyer, "/Cases/File"), amount: "120,00"));
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var casePage = await buyer.GetStringAsync(filed.Headers.Location!.OriginalString);
        Assert.Contains("120.00 EUR", casePage, StringComparison.Ordinal);
        Assert.DoesNotContain("12000", casePage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileForm_WhenYenHaveDecimals_SaysTheCurrencyHasNone()
    {
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        var form = PageTests.Complaint(await OdrWebFactory.FormTokenAsync(buyer, "/Cases/File"), amount: "1200,50",
            with: new Dictionary<string, string> { ["amount.currency"] = "JPY" });

        var html = await (await buyer.PostAsync("/Cases/File", form)).Content.ReadAsStringAsync();

        Assert.Contains("JPY amounts have no decimals.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"1200,50\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CounterOffer_WithoutAnAmount_SaysSoWithoutJson()
    {
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        var filed = await buyer.PostAsync("/Cases/File", PageTests.Complaint(await OdrWebFactory.FormTokenAsync(buyer, "/Cases/File")));
        var casePage = filed.Headers.Location!.OriginalString;
        var seller = await factory.BrowserForAsync("seller@demo.odr");
        var token = await OdrWebFactory.FormTokenAsync(seller, casePage);

        async Task<string> RespondAsync(string amount) => await (await seller.PostAsync($"{casePage}?handler=Respond", new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["action"] = "CounterOffer", ["counterType"] = "PartialRefund",
                ["counterAmount"] = amount,
            }))).Content.ReadAsStringAsync();

        // The demo seller reads Chinese: the messages are translated, and no JSON is left in them.
        var missing = await RespondAsync("");
        Assert.Contains("金额为必填项。", missing, StringComparison.Ordinal);
        Assert.DoesNotContain("&quot;currency&quot;", missing, StringComparison.Ordinal);
        var unreadable = await RespondAsync("twenty");
        Assert.Contains("请用数字填写金额", unreadable, StringComparison.Ordinal);
        Assert.Contains("value=\"twenty\"", unreadable, StringComparison.Ordinal);
    }
}
