using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Odr.Web.Tests.Filing;

/// <summary>
/// The filing form in three steps and a review, posted as a browser without script posts it: each step sends the whole
/// draft (the other steps' fields as the hidden inputs the page gave it), and the tests send back what the page gave.
/// </summary>
public sealed partial class FilingStepsTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private static readonly Dictionary<string, string> StepOne = new()
    {
        ["marketplace"] = "ExampleMart", ["orderReference"] = "W-42", ["orderDate"] = "2026-10-01", ["item"] = "Rain jacket",
        ["seller.name"] = "Shenzhen Audio Co.", ["seller.email"] = "seller@demo.odr", ["seller.country"] = "CN", ["seller.type"] = "Business",
    };

    private static readonly Dictionary<string, string> StepTwo = new()
    {
        ["claimType"] = "NotAsDescribed", ["description"] = "The jacket is not waterproof as the listing said.",
        ["amount.value"] = "120,00", ["amount.currency"] = "EUR", ["remedy.type"] = "ReturnAndRefund",
    };

    private static readonly Dictionary<string, string> StepThree = new()
    {
        ["evidenceDescription"] = "Listing screenshot", ["buyer.country"] = "DE", ["buyer.type"] = "Consumer",
        ["seller.directsToBuyerCountry"] = "Yes", ["language"] = "en", ["consentToArbitration"] = "true",
    };

    [Fact]
    public async Task EachStep_ChecksOnlyItsOwnFields_AndShowsWhichStepItIs()
    {
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        var first = await buyer.GetStringAsync("/Cases/File");
        Assert.Contains("Step 1 of 3", first, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"file-complaint\"", first, StringComparison.Ordinal);

        var emptyFirst = await StepAsync(buyer, first, 1, "next", new() { ["marketplace"] = "ExampleMart" });
        Assert.Contains("Step 1 of 3", emptyFirst, StringComparison.Ordinal);
        var summary = Summary(emptyFirst);
        Assert.Contains("Enter the order number.", summary, StringComparison.Ordinal);
        Assert.Contains("Choose the seller&#x27;s country.", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Choose what went wrong.", summary, StringComparison.Ordinal); // step 2's, not asked yet
        Assert.Contains("data-focus-on-load", emptyFirst, StringComparison.Ordinal);

        var second = await StepAsync(buyer, emptyFirst, 1, "next", StepOne);
        Assert.Contains("Step 2 of 3", second, StringComparison.Ordinal);
        Assert.DoesNotContain("error-summary", second, StringComparison.Ordinal);

        var emptySecond = await StepAsync(buyer, second, 2, "next", new() { ["amount.value"] = "120,00" });
        Assert.Contains("Step 2 of 3", emptySecond, StringComparison.Ordinal);
        Assert.Contains("Choose what went wrong.", Summary(emptySecond), StringComparison.Ordinal);
        Assert.DoesNotContain("Enter the order number.", Summary(emptySecond), StringComparison.Ordinal);
        Assert.Contains("id=\"amount-value\" name=\"amount.value\" value=\"120,00\"", emptySecond, StringComparison.Ordinal);

        var third = await StepAsync(buyer, emptySecond, 2, "next", StepTwo);
        Assert.Contains("Step 3 of 3", third, StringComparison.Ordinal);
        var wrongLaw = await StepAsync(buyer, third, 3, "next", new(StepThree) { ["choiceOfLaw"] = "XX9" });
        Assert.Contains("Step 3 of 3", wrongLaw, StringComparison.Ordinal);
        Assert.Single(SummaryItems().Matches(Summary(wrongLaw)));
        Assert.Contains("href=\"#choiceOfLaw\"", Summary(wrongLaw), StringComparison.Ordinal);

        var chinese = await StepAsync(buyer, await buyer.GetStringAsync("/Cases/File?culture=zh-Hans"), 1, "next", new(), "?culture=zh-Hans");
        Assert.Contains("第 1 步，共 3 步", chinese, StringComparison.Ordinal);
        Assert.Contains("请选择卖家所在的国家或地区。", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackAndNext_KeepEverything_TheAmountAsTypedAndTheFiles_AndAnErrorKeepsTheUpload()
    {
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        var second = await StepAsync(buyer, await buyer.GetStringAsync("/Cases/File"), 1, "next", StepOne);
        var third = await StepAsync(buyer, second, 2, "next", StepTwo);

        // An error on the last step: the file sent with it is kept, and listed.
        var refused = await StepAsync(buyer, third, 3, "next", new(StepThree) { ["buyer.country"] = "" }, withFile: true);
        Assert.Contains("Choose the country where you live.", Summary(refused), StringComparison.Ordinal);
        Assert.Contains("Files kept from your last attempt", refused, StringComparison.Ordinal);
        Assert.Contains("listing.txt", refused, StringComparison.Ordinal);
        var token = PendingToken().Match(refused).Groups[1].Value;
        Assert.NotEmpty(token);

        // Back twice: nothing is checked, nothing is lost (the amount stays as typed, the file travels as its token).
        var backToTwo = await StepAsync(buyer, refused, 3, "back", new(StepThree) { ["pendingEvidence"] = token });
        Assert.Contains("Step 2 of 3", backToTwo, StringComparison.Ordinal);
        Assert.DoesNotContain("error-summary", backToTwo, StringComparison.Ordinal);
        Assert.Contains("id=\"amount-value\" name=\"amount.value\" value=\"120,00\"", backToTwo, StringComparison.Ordinal);
        Assert.Contains($"<input type=\"hidden\" name=\"pendingEvidence\" value=\"{token}\" />", backToTwo, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"buyer.country\" value=\"DE\" />", backToTwo, StringComparison.Ordinal);
        var backToOne = await StepAsync(buyer, backToTwo, 2, "back", StepTwo);
        Assert.Contains("Step 1 of 3", backToOne, StringComparison.Ordinal);
        Assert.Contains("value=\"Shenzhen Audio Co.\"", backToOne, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"amount.value\" value=\"120,00\" />", backToOne, StringComparison.Ordinal);

        // Forward again to the review: the amount read as 120.00 EUR and the file still there.
        var two = await StepAsync(buyer, backToOne, 1, "next", StepOne);
        var three = await StepAsync(buyer, two, 2, "next", StepTwo);
        Assert.Contains("listing.txt", three, StringComparison.Ordinal);
        var review = await StepAsync(buyer, three, 3, "next", new(StepThree) { ["pendingEvidence"] = token });
        Assert.Contains("Check your complaint", review, StringComparison.Ordinal);
        Assert.Contains("120.00 EUR", review, StringComparison.Ordinal);
        Assert.Contains("ExampleMart · W-42 · 1 Oct 2026", review, StringComparison.Ordinal); // the order date as the viewer reads dates, not ISO
        Assert.Contains("listing.txt", review, StringComparison.Ordinal);

        var filed = await buyer.PostAsync("/Cases/File", Form(review, new()));
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var casePage = await buyer.GetStringAsync(filed.Headers.Location!.OriginalString);
        Assert.Contains("120.00 EUR", casePage, StringComparison.Ordinal);
        Assert.Contains("listing.txt", casePage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADraft_IsNeverSeenByAnotherBuyer_NorItsKeptFiles()
    {
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        var second = await StepAsync(buyer, await buyer.GetStringAsync("/Cases/File"), 1, "next", new(StepOne) { ["item"] = "Secret item 7731" });
        var third = await StepAsync(buyer, second, 2, "next", StepTwo);
        var kept = await StepAsync(buyer, third, 3, "back", StepThree, withFile: true);
        var token = HiddenPendingToken().Match(kept).Groups[1].Value;
        Assert.NotEmpty(token);

        var stranger = await factory.BrowserForAsync("buyer2@demo.odr");
        var fresh = await stranger.GetStringAsync("/Cases/File");
        Assert.DoesNotContain("Secret item 7731", fresh, StringComparison.Ordinal); // nothing is kept on the server for a draft
        Assert.DoesNotContain(token, fresh, StringComparison.Ordinal);
        var strangerThree = await StepAsync(stranger, await StepAsync(stranger, await StepAsync(stranger, fresh, 1, "next", StepOne), 2, "next", StepTwo),
            3, "next", new(StepThree) { ["pendingEvidence"] = token, ["buyer.country"] = "CN" });
        Assert.DoesNotContain("listing.txt", strangerThree, StringComparison.Ordinal);
        Assert.Contains("href=\"#evidence\"", Summary(strangerThree), StringComparison.Ordinal); // "no longer here: add it again"
    }

    [Fact]
    public async Task OnlyTheReviewFiles_ACompletePostFromAStepOrWithoutTheReviewIsShownForReview()
    {
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        var before = CaseLinks().Count(await buyer.GetStringAsync("/Cases"));

        var complete = PageTests.Complaint(await OdrWebFactory.FormTokenAsync(buyer, "/Cases/File"), with: new Dictionary<string, string> { ["reviewed"] = "false" });
        var review = await (await buyer.PostAsync("/Cases/File", complete)).Content.ReadAsStringAsync();
        Assert.Contains("Check your complaint", review, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"reviewed\" value=\"true\" />", review, StringComparison.Ordinal);

        var all = new Dictionary<string, string>(StepOne.Concat(StepTwo).Concat(StepThree));
        var fromStep = await StepAsync(buyer, await buyer.GetStringAsync("/Cases/File"), 3, "next", new(all) { ["reviewed"] = "true" });
        Assert.Contains("Check your complaint", fromStep, StringComparison.Ordinal);
        Assert.Equal(before, CaseLinks().Count(await buyer.GetStringAsync("/Cases")));

        Assert.Equal(HttpStatusCode.Redirect, (await buyer.PostAsync("/Cases/File", Form(review, new()))).StatusCode);
        Assert.Equal(before + 1, CaseLinks().Count(await buyer.GetStringAsync("/Cases")));
    }

    [Fact]
    public async Task ARefundAmount_CountsOnlyForAPartialRefund_AndIsDroppedForAnyOtherRemedy()
    {
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        var second = await StepAsync(buyer, await buyer.GetStringAsync("/Cases/File"), 1, "next", StepOne);
        Assert.Contains("data-shown-when=\"remedy-type=PartialRefund\"", second, StringComparison.Ordinal); // site.js hides it otherwise

        var partial = await StepAsync(buyer, second, 2, "next", new(StepTwo) { ["remedy.type"] = "PartialRefund", ["remedy.amount.value"] = "abc" });
        Assert.Contains("Step 2 of 3", partial, StringComparison.Ordinal);
        Assert.Contains("href=\"#remedy-amount-value\"", Summary(partial), StringComparison.Ordinal);

        // The same unreadable amount left in the field (the page without script) with a full refund: neither checked nor kept.
        var full = await StepAsync(buyer, partial, 2, "next", new(StepTwo) { ["remedy.type"] = "FullRefund", ["remedy.amount.value"] = "abc" });
        Assert.Contains("Step 3 of 3", full, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"remedy.amount.value\"", full, StringComparison.Ordinal);
        var review = await StepAsync(buyer, full, 3, "next", StepThree);
        Assert.Contains("id=\"file-complaint\"", review, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"remedy.amount.value\"", review, StringComparison.Ordinal);
    }

    /// <summary>Sends a step page's form: its hidden inputs (the draft) and antiforgery token, with the step's own fields.</summary>
    private static async Task<string> StepAsync(HttpClient browser, string page, int step, string go, Dictionary<string, string> fields,
        string query = "", bool withFile = false)
    {
        var form = Form(page, new Dictionary<string, string>(fields) { ["step"] = step.ToString(), ["go"] = go });
        if (withFile)
        {
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("Listing: 100% waterproof jacket\n")), "evidence", "listing.txt");
        }
        var response = await browser.PostAsync($"/Cases/File{(query.Length == 0 ? "?" : query + "&")}handler=Step", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>What a browser sends back from a page: every hidden input of its form, then the fields the person filled in.</summary>
    private static MultipartFormDataContent Form(string page, Dictionary<string, string> fields)
    {
        var form = new MultipartFormDataContent();
        var formHtml = page[page.LastIndexOf("<form method=\"post\"", StringComparison.Ordinal)..];
        var sent = new HashSet<string>(fields.Keys);
        foreach (Match hidden in HiddenInput().Matches(formHtml))
        {
            var name = WebUtility.HtmlDecode(hidden.Groups[1].Value);
            if (!sent.Contains(name) || name == "pendingEvidence")
            {
                form.Add(new StringContent(WebUtility.HtmlDecode(hidden.Groups[2].Value)), name);
            }
        }
        form.Add(new StringContent(FormToken().Match(formHtml).Groups[1].Value), "__RequestVerificationToken");
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        return form;
    }

    private static string Summary(string html)
    {
        var start = html.IndexOf("class=\"error-summary\"", StringComparison.Ordinal);
        return start < 0 ? "" : html[start..html.IndexOf("</ul>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\" />")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("name=\"pendingEvidence\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex PendingToken();

    [GeneratedRegex("<input type=\"hidden\" name=\"pendingEvidence\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex HiddenPendingToken();

    [GeneratedRegex("<li>")]
    private static partial Regex SummaryItems();

    [GeneratedRegex("href=\"/Cases/Details/")]
    private static partial Regex CaseLinks();
}
