using System.Net;
using System.Text.RegularExpressions;

namespace Odr.Web.Tests.Filing;

/// <summary>The filing form as a first-time buyer meets it: errors in words and in order, uploads kept, links that fill it in.</summary>
public sealed partial class FilingFormTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    [Fact]
    public async Task FileForm_WhenRefused_KeepsTheUploadedFile_AndFilesItWithTheCaseNextTime()
    {
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        var refused = await buyer.PostAsync("/Cases/File", PageTests.Complaint(await OdrWebFactory.FormTokenAsync(buyer, "/Cases/File"),
            with: new Dictionary<string, string> { ["buyer.country"] = "" })); // an error on the evidence's step, which lists kept files
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Files kept from your last attempt", html, StringComparison.Ordinal);
        Assert.Contains("listing.txt", html, StringComparison.Ordinal);
        var kept = PendingToken().Match(html).Groups[1].Value;
        Assert.NotEmpty(kept);

        // Another account cannot file that file with its own case.
        var stranger = await factory.BrowserForAsync("buyer2@demo.odr");
        var stolen = await stranger.PostAsync("/Cases/File", PageTests.Complaint(await OdrWebFactory.FormTokenAsync(stranger, "/Cases/File"),
            with: new Dictionary<string, string> { ["pendingEvidence"] = kept }, withFile: false));
        Assert.Equal(HttpStatusCode.OK, stolen.StatusCode);
        Assert.DoesNotContain("listing.txt", await stolen.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var filed = await buyer.PostAsync("/Cases/File", PageTests.Complaint(await OdrWebFactory.FormTokenAsync(buyer, "/Cases/File"),
            with: new Dictionary<string, string> { ["pendingEvidence"] = kept }, withFile: false));
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var casePage = await buyer.GetStringAsync(filed.Headers.Location!.OriginalString);
        Assert.Contains("listing.txt", casePage, StringComparison.Ordinal);

        var again = await buyer.PostAsync("/Cases/File", PageTests.Complaint(await OdrWebFactory.FormTokenAsync(buyer, "/Cases/File"),
            with: new Dictionary<string, string> { ["pendingEvidence"] = kept }, withFile: false));
        Assert.Contains("no longer here: add it again", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal); // filed once only
    }

    [Fact]
    public async Task FileForm_WhenEmpty_ListsEachFieldInFormOrder_InWords_AndTheSummaryTakesTheFocus()
    {
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        var empty = new MultipartFormDataContent { { new StringContent(await OdrWebFactory.FormTokenAsync(buyer, "/Cases/File")), "__RequestVerificationToken" } };

        var html = await (await buyer.PostAsync("/Cases/File", empty)).Content.ReadAsStringAsync();

        var start = html.IndexOf("class=\"error-summary\"", StringComparison.Ordinal);
        var summary = html[start..html.IndexOf("</ul>", start, StringComparison.Ordinal)];
        Assert.Contains("data-focus-on-load", html, StringComparison.Ordinal);
        Assert.DoesNotContain("This field is required", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("ISO", summary, StringComparison.Ordinal);
        // The first step's errors only (the others are asked on their own steps), in that step's order.
        string[] inOrder = ["Enter the marketplace or shop", "Enter the order number.", "Enter the order date.", "Enter the item you bought.",
            "Enter the seller&#x27;s name.", "Enter the seller&#x27;s e-mail address", "Choose the seller&#x27;s country."];
        var positions = inOrder.Select(m => summary.IndexOf(m, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, string.Join(" | ", inOrder.Where((_, i) => positions[i] < 0))));
        Assert.Equal(positions.Order(), positions);

        var chinese = await (await buyer.PostAsync("/Cases/File?culture=zh-Hans", new MultipartFormDataContent
        {
            { new StringContent(await OdrWebFactory.FormTokenAsync(buyer, "/Cases/File?culture=zh-Hans")), "__RequestVerificationToken" },
        })).Content.ReadAsStringAsync();
        Assert.Contains("请选择卖家所在的国家或地区。", chinese, StringComparison.Ordinal);
        Assert.DoesNotContain("此字段为必填项", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileForm_FromAMarketplaceLink_IsFilledIn_AndAValueThatFailsItsCheckIsLeftOutAndNamed()
    {
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");

        var html = await buyer.GetStringAsync("/Cases/File?marketplace=ExampleMart&orderReference=W-77&amount=59.90&currency=USD"
            + "&sellerEmail=not-an-address&claimType=NotReceived&remedy=FullRefund&orderDate=2026-10-01");

        Assert.Contains("value=\"W-77\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"59.90\"", html, StringComparison.Ordinal);
        // The first step shows the order; the rest of the draft travels in hidden inputs to its own step.
        Assert.Contains("<input type=\"hidden\" name=\"amount.currency\" value=\"USD\" />", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"claimType\" value=\"NotReceived\" />", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"remedy.type\" value=\"FullRefund\" />", html, StringComparison.Ordinal);
        Assert.Contains("could not be used and were left empty: sellerEmail", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"not-an-address\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileForm_ForABuyerInChina_OffersYuanFirst()
    {
        var buyer = await factory.BrowserForAsync("buyer2@demo.odr");
        Assert.Contains("<input type=\"hidden\" name=\"amount.currency\" value=\"CNY\" />", await buyer.GetStringAsync("/Cases/File"), StringComparison.Ordinal);
        var german = await factory.BrowserForAsync("buyer@demo.odr");
        Assert.Contains("<input type=\"hidden\" name=\"amount.currency\" value=\"EUR\" />", await german.GetStringAsync("/Cases/File"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CurrencyList_NamesEachCurrencyInTheReadersLanguage()
    {
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        var token = await OdrWebFactory.FormTokenAsync(buyer, "/Cases/File");
        var english = await (await buyer.PostAsync("/Cases/File?handler=Step", PageTests.Complaint(token,
            with: new Dictionary<string, string> { ["step"] = "1", ["go"] = "next" }, withFile: false))).Content.ReadAsStringAsync();
        Assert.Matches("<option value=\"EUR\" selected=\"selected\">EUR – Euro</option>", english);
        Assert.Contains(">CNY – Chinese Yuan</option>", english, StringComparison.Ordinal);
        var chineseToken = await OdrWebFactory.FormTokenAsync(buyer, "/Cases/File?culture=zh-Hans");
        var chinese = await (await buyer.PostAsync("/Cases/File?culture=zh-Hans&handler=Step", PageTests.Complaint(chineseToken,
            with: new Dictionary<string, string> { ["step"] = "1", ["go"] = "next" }, withFile: false))).Content.ReadAsStringAsync();
        Assert.Contains(">EUR – 欧元</option>", chinese, StringComparison.Ordinal);
        Assert.Contains(">CNY – 人民币</option>", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guide_AsksWhatHappened_SaysHowLongEachStepTakes_AndCarriesTheAnswersToTheForm()
    {
        var html = await factory.Browser().GetStringAsync("/Cases/File/Guide?orderReference=W-88");

        Assert.Contains("I paid, but the item never arrived.", html, StringComparison.Ordinal);
        Assert.Contains("The seller has 7 days to answer.", html, StringComparison.Ordinal);
        Assert.Contains("about my order W-88", html, StringComparison.Ordinal);
        // "Have you written to the seller?": No shows the message and a way to go on anyway (by CSS, without script).
        Assert.Contains("id=\"contacted-no\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"guide-not-contacted\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"guide-continue-anyway\"", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"orderReference\" value=\"W-88\" />", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/Cases/File\"", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"guided\" value=\"true\" />", html, StringComparison.Ordinal);

        // The form reached from the guide does not send the buyer back to it; reached otherwise, it offers it.
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        Assert.DoesNotContain("Not sure what to choose?", await buyer.GetStringAsync("/Cases/File?guided=true&claimType=NotReceived&remedy=FullRefund"), StringComparison.Ordinal);
        Assert.Contains("Not sure what to choose?", await buyer.GetStringAsync("/Cases/File"), StringComparison.Ordinal);
        // A new buyer's "File a complaint" (the menu, the empty case list) starts with the guide, not the bare form.
        Assert.Contains("<li><a href=\"/Cases/File/Guide\">File a complaint</a></li>", await buyer.GetStringAsync("/Cases"), StringComparison.Ordinal);

        var chinese = await factory.Browser().GetStringAsync("/Cases/File/Guide?culture=zh-Hans");
        Assert.Contains("我已付款，但商品一直没有送到。", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileForm_ShowsTheComplaintForALastLook_ThenFilesExactlyThat()
    {
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        var before = CaseLinks().Count(await buyer.GetStringAsync("/Cases"));

        var review = await buyer.PostAsync("/Cases/File?handler=Review",
            PageTests.Complaint(await OdrWebFactory.FormTokenAsync(buyer, "/Cases/File"), amount: "120,00"));

        var html = await review.Content.ReadAsStringAsync();
        Assert.Contains("Check your complaint", html, StringComparison.Ordinal);
        Assert.Contains("120.00 EUR", html, StringComparison.Ordinal);
        Assert.Contains("listing.txt", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"amount.value\" value=\"120,00\" />", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/Cases/File\"", html, StringComparison.Ordinal); // files, not another review (the page's URL has ?handler=Review)
        var kept = HiddenPendingToken().Match(html).Groups[1].Value;
        Assert.NotEmpty(kept);
        Assert.Equal(before, CaseLinks().Count(await buyer.GetStringAsync("/Cases"))); // nothing filed yet

        var filed = await buyer.PostAsync("/Cases/File", PageTests.Complaint(FormToken().Match(html).Groups[1].Value, amount: "120,00",
            with: new Dictionary<string, string> { ["pendingEvidence"] = kept }, withFile: false));
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var casePage = await buyer.GetStringAsync(filed.Headers.Location!.OriginalString);
        Assert.Contains("120.00 EUR", casePage, StringComparison.Ordinal);
        Assert.Contains("listing.txt", casePage, StringComparison.Ordinal);
    }

    [GeneratedRegex("href=\"/Cases/Details/")]
    private static partial Regex CaseLinks();

    [GeneratedRegex("<input type=\"hidden\" name=\"pendingEvidence\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex HiddenPendingToken();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("name=\"pendingEvidence\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex PendingToken();
}
