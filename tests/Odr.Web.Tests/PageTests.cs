using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Tests;

/// <summary>The server-rendered pages as a browser without JavaScript uses them: cookies, forms, antiforgery tokens.</summary>
public partial class PageTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private HttpClient Browser() => factory.Browser();

    private static Task<string> TokenAsync(HttpClient browser, string path) => OdrWebFactory.FormTokenAsync(browser, path);

    private Task<HttpClient> SignedInAsync(string email, string password = DemoSeeder.DemoPassword) => factory.BrowserForAsync(email, password);

    /// <summary>The filing form as a browser posts it, with one text file of evidence.</summary>
    internal static MultipartFormDataContent Complaint(string token, string amount = "59.90", IReadOnlyDictionary<string, string>? with = null,
        bool withFile = true)
    {
        var form = new MultipartFormDataContent();
        var fields = new Dictionary<string, string>
                 {
                     ["__RequestVerificationToken"] = token, ["marketplace"] = "ExampleMart", ["orderReference"] = "W-42",
                     ["orderDate"] = "2026-10-01", ["item"] = "Rain jacket", ["amount.value"] = amount, ["amount.currency"] = "EUR",
                     ["buyer.country"] = "DE", ["buyer.type"] = "Consumer", ["seller.name"] = "Shenzhen Audio Co.",
                     ["seller.email"] = "seller@demo.odr", ["seller.country"] = "CN", ["seller.type"] = "Business",
                     ["seller.directsToBuyerCountry"] = "Yes", ["claimType"] = "NotAsDescribed",
                     ["description"] = "The jacket is not waterproof as the listing said. <script>alert(1)</script>",
                     ["remedy.type"] = "ReturnAndRefund", ["language"] = "en", ["consentToArbitration"] = "true",
                     ["evidenceDescription"] = "Listing screenshot",
                     ["reviewed"] = "true", // as the review page sends it: only that post files (a post without it is shown for review)
                 };
        foreach (var (name, value) in with ?? new Dictionary<string, string>())
        {
            fields[name] = value;
        }
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        if (withFile)
        {
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("Listing: 100% waterproof jacket\n")), "evidence", "listing.txt");
        }
        return form;
    }

    [Fact]
    public async Task HomePage_SaysWhatTheServiceIsAndHowACaseRuns()
    {
        var html = await Browser().GetStringAsync("/");
        Assert.Contains("How a case runs", html, StringComparison.Ordinal);
        Assert.Contains("Mediation", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MyCases_WhenAnonymous_RedirectsToSignIn()
    {
        var response = await Browser().GetAsync("/Cases");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileForm_FilesACaseWithEvidence_AndTheSellerSeesIt()
    {
        var buyer = await SignedInAsync("buyer@demo.odr");
        var token = await TokenAsync(buyer, "/Cases/File");

        var response = await buyer.PostAsync("/Cases/File", Complaint(token));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var casePage = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Cases/Details/", casePage, StringComparison.Ordinal);
        var html = await buyer.GetStringAsync(casePage);
        var number = CaseNumber().Match(html).Value;
        Assert.NotEmpty(number);
        Assert.Contains("listing.txt", html, StringComparison.Ordinal);
        Assert.Contains("Service&#x27;s suggestion", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);

        var seller = await SignedInAsync("seller@demo.odr");
        Assert.Contains(number, await seller.GetStringAsync("/Cases"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await seller.GetAsync(casePage)).StatusCode);

        var stranger = await SignedInAsync("buyer2@demo.odr");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(casePage)).StatusCode);
        Assert.DoesNotContain(number, await stranger.GetStringAsync("/Cases"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileForm_WithBadFields_ShowsEachErrorAndSavesNothing()
    {
        var buyer = await SignedInAsync("buyer@demo.odr");
        var before = CaseNumber().Count(await buyer.GetStringAsync("/Cases"));
        var token = await TokenAsync(buyer, "/Cases/File");

        var response = await buyer.PostAsync("/Cases/File", Complaint(token, amount: "fifty"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("error-summary", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#amount-value\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"ExampleMart\"", html, StringComparison.Ordinal); // what was typed is kept
        Assert.Equal(before, CaseNumber().Count(await buyer.GetStringAsync("/Cases")));
    }

    [Fact]
    public async Task FileForm_WithoutTheAntiforgeryToken_IsRefused()
    {
        var buyer = await SignedInAsync("buyer@demo.odr");
        var response = await buyer.PostAsync("/Cases/File", Complaint(token: ""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task FileForm_IsForBuyersOnly()
    {
        var mediator = await SignedInAsync("mediator@demo.odr");
        var response = await mediator.GetAsync("/Cases/File");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_CreatesABuyerAndSignsIn()
    {
        var browser = Browser();
        var token = await TokenAsync(browser, "/Account/Register");
        var response = await browser.PostAsync("/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["displayName"] = "Zhang Wei", ["email"] = "zhang.wei@example.cn", ["password"] = "Str0ng-pass!", ["language"] = "zh",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Cases/File")).StatusCode);
    }

    [Fact]
    public async Task CasePage_AddsEvidenceThroughTheForm()
    {
        var buyer = await SignedInAsync("buyer@demo.odr");
        var response = await buyer.PostAsync("/Cases/File", Complaint(await TokenAsync(buyer, "/Cases/File")));
        var casePage = response.Headers.Location!.OriginalString;

        var form = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(buyer, casePage)), "__RequestVerificationToken" },
            { new StringContent("Courier's note"), "description" },
            { new ByteArrayContent("%PDF-1.7\n%%EOF\n"u8.ToArray()), "file", "courier.pdf" },
        };
        var upload = await buyer.PostAsync($"{casePage}?handler=Evidence", form);

        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var html = await buyer.GetStringAsync(casePage);
        Assert.Contains("courier.pdf", html, StringComparison.Ordinal);
        Assert.Contains("Evidence added", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhichLawApplies_AnswersWithItsBasisAndExplainsBadInput()
    {
        var browser = Browser();
        var html = await browser.GetStringAsync("/GoverningLaw?assess=true&contractDate=2025-06-01&buyer.country=DE&buyer.type=consumer"
            + "&seller.country=CN&seller.type=business&sellerDirectsToBuyerCountry=Yes&choiceOfLaw=CN&choiceOfLawSource=SellerTerms");
        Assert.Contains("The suggestion: the law of China", html, StringComparison.Ordinal);
        Assert.Contains("Rome I Art. 6(2)", html, StringComparison.Ordinal);
        Assert.Contains("the law of Germany: non-derogable consumer protection", html, StringComparison.Ordinal);

        var bad = await browser.GetStringAsync("/GoverningLaw?assess=true&contractDate=2025-06-01&buyer.country=DE&buyer.type=consumer&seller.type=business");
        Assert.Contains("error-summary", bad, StringComparison.Ordinal);
        Assert.Contains("href=\"#seller-country\"", bad, StringComparison.Ordinal);
        Assert.DoesNotContain("The suggestion:", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhichLawApplies_TakesTheCarriageFields_AsTheApiDoes()
    {
        var browser = Browser();
        var form = await browser.GetStringAsync("/GoverningLaw");
        Assert.Contains("name=\"carriage.kind\"", form, StringComparison.Ordinal);
        Assert.Contains("name=\"carriage.from\"", form, StringComparison.Ordinal);
        Assert.Contains("name=\"carriage.to\"", form, StringComparison.Ordinal);

        // Rome I Art. 5(2): a French passenger's journey from France, with a German carrier: French law. Without the
        // kind and places the engine would assume them (carriageKindAssumed); given here, the answer uses them.
        const string trip = "/GoverningLaw?assess=true&contractDate=2025-06-01&buyer.country=FR&buyer.type=consumer&seller.country=DE&seller.type=business"
            + "&sellerDirectsToBuyerCountry=Yes&contractType=Carriage&carriage.kind=Passengers";
        var html = await browser.GetStringAsync(trip + "&carriage.from=FR&carriage.to=ES");
        Assert.Contains("The suggestion: the law of France", html, StringComparison.Ordinal);
        Assert.Contains("Rome I Art. 5(2)", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Passengers\" selected=\"selected\">", html, StringComparison.Ordinal);
        // In Chinese (the page's language, not the browser's Accept-Language): the labels, the countries and the reasons.
        var chinese = await browser.GetStringAsync(trip + "&carriage.from=FR&carriage.to=ES&culture=zh-Hans");
        Assert.Contains("运输对象", chinese, StringComparison.Ordinal);
        Assert.Contains("<option value=\"FR\" selected=\"selected\">法国</option>", chinese, StringComparison.Ordinal);
        Assert.Contains("行程在旅客所在国出发或到达", chinese, StringComparison.Ordinal);
        // Neither end in the passenger's country: the carrier's law.
        Assert.Contains("The suggestion: the law of Germany", await browser.GetStringAsync(trip + "&carriage.from=IT&carriage.to=ES"), StringComparison.Ordinal);

        // The API's refusals, shown at the field: an unknown place, and carriage details on another kind of contract.
        var unknownPlace = await browser.GetStringAsync(trip + "&carriage.from=XX&carriage.to=ES");
        Assert.Contains("href=\"#carriage-from\"", unknownPlace, StringComparison.Ordinal);
        Assert.DoesNotContain("The suggestion:", unknownPlace, StringComparison.Ordinal);
        var notCarriage = await browser.GetStringAsync(trip.Replace("contractType=Carriage", "contractType=Goods", StringComparison.Ordinal) + "&carriage.from=FR");
        Assert.Contains("href=\"#carriage\"", notCarriage, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"ODR-\d{4}-\d{6}")]
    internal static partial Regex CaseNumber();
}
