using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests;

/// <summary>
/// Every role's actions through the case page's forms alone (cookies, antiforgery tokens, no JavaScript): the whole
/// case from the seller's response to the buyer's compliance report, refusals shown beside their form (in Chinese
/// for a Chinese reader), the neutral's caseload and the admin's desk.
/// </summary>
public sealed class CasePageTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string page, string handler,
        Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await OdrWebFactory.FormTokenAsync(browser, page);
        return await browser.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    /// <summary>A form post that the case accepted: the page redirects back to itself.</summary>
    private static async Task ActAsync(HttpClient browser, string page, string handler, Dictionary<string, string> fields)
    {
        var response = await PostFormAsync(browser, page, handler, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"{handler} was refused: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<JsonObject> CaseAsync(string id) =>
        (await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonObject>($"/api/cases/{id}"))!;

    /// <summary>Signs in through the form and picks the pages' language with the header's switcher.</summary>
    private async Task<HttpClient> BrowserAsync(string email, string culture = "en")
    {
        var browser = await factory.BrowserForAsync(email);
        await ChooseLanguageAsync(browser, culture);
        return browser;
    }

    private static async Task ChooseLanguageAsync(HttpClient browser, string culture)
    {
        var token = await OdrWebFactory.FormTokenAsync(browser, "/");
        var response = await browser.PostAsync("/Language", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = culture, ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<(string Id, string Page)> FileAsync()
    {
        var filed = await Filings.FileAsync(await factory.ClientForAsync("buyer@demo.odr"));
        await factory.DrainWorkflowsAsync();
        return ((string)filed["id"]!, $"/Cases/Details/{filed["id"]}");
    }

    private async Task<HttpClient> NeutralBrowserAsync(string caseId, string role) =>
        await BrowserAsync(await factory.EmailOfAsync(Guid.Parse((string)(await CaseAsync(caseId))[$"{role}Id"]!)));

    [Fact]
    public async Task AWholeCase_RunsThroughThePagesForms_FromResponseToCompliance()
    {
        var (id, page) = await FileAsync();
        var buyer = await BrowserAsync("buyer@demo.odr");
        var seller = await BrowserAsync("seller@demo.odr");

        Assert.Contains("Who acts: the seller.", await seller.GetStringAsync(page), StringComparison.Ordinal);
        await ActAsync(seller, page, "Respond", new()
        {
            ["action"] = "CounterOffer", ["counterType"] = "PartialRefund", ["counterAmount"] = "20", ["consent"] = "true",
            ["statement"] = "Tracking shows delivery.",
        });
        var afterResponse = await CaseAsync(id);
        Assert.Equal("negotiation", (string)afterResponse["stage"]!);
        var offerId = (string)afterResponse["offers"]![0]!["id"]!;

        await ActAsync(buyer, page, "RejectOffer", new() { ["offerId"] = offerId });
        await ActAsync(buyer, page, "Escalate", new() { ["escalateReason"] = "No agreement." });
        await factory.DrainWorkflowsAsync();
        Assert.Equal("mediation", (string)(await CaseAsync(id))["stage"]!);

        var mediator = await NeutralBrowserAsync(id, "mediator");
        await ActAsync(mediator, page, "Proposal", new() { ["proposalType"] = "PartialRefund", ["proposalAmount"] = "40", ["proposalNote"] = "Halfway." });
        await ActAsync(mediator, page, "Impasse", new() { ["impasseNote"] = "No agreement on the amount." });
        await factory.DrainWorkflowsAsync();
        Assert.Equal("arbitration", (string)(await CaseAsync(id))["stage"]!);

        var arbitrator = await NeutralBrowserAsync(id, "arbitrator");
        await ActAsync(arbitrator, page, "EvidenceRequest", new() { ["requestFrom"] = "Seller", ["requestText"] = "Proof of delivery.", ["requestDays"] = "5" });
        await ActAsync(arbitrator, page, "Award", new()
        {
            ["awardDecision"] = "PartialRefund", ["awardAmount"] = "45", ["awardLaw"] = "CN", ["awardReasons"] = "No signed proof of delivery.",
        });
        await factory.DrainWorkflowsAsync();
        var awarded = await CaseAsync(id);
        Assert.Equal("compliance", (string)awarded["stage"]!);
        Assert.Contains("Arbitral award (PDF)", await buyer.GetStringAsync(page), StringComparison.Ordinal);

        await ActAsync(buyer, page, "Compliance", new() { ["complied"] = "true", ["complianceNote"] = "Refund received." });
        var closed = await CaseAsync(id);
        Assert.Equal("closed", (string)closed["stage"]!);
        Assert.Equal("awarded", (string)closed["outcome"]!);
    }

    /// <summary>The form of each action the page offers (accepting or rejecting an offer and correcting facts have none).</summary>
    private static readonly Dictionary<string, string> FormOf = new()
    {
        ["respond"] = "respond", ["makeOffer"] = "offer", ["placeBlindBid"] = "blindBid", ["escalate"] = "escalate", ["proposeTerms"] = "proposal",
        ["declareImpasse"] = "impasse", ["requestEvidence"] = "evidenceRequest", ["confirmGoverningLaw"] = "confirmLaw", ["issueAward"] = "award",
        ["takeGoverningLawPosition"] = "lawPosition", ["addEvidence"] = "add-evidence", ["withdraw"] = "withdraw", ["reportCompliance"] = "compliance",
        ["reportPerformance"] = "carry-out",
    };

    /// <summary>The page asks the aggregate what the viewer may do: it shows the forms of exactly the actions the API lists.</summary>
    private static async Task AssertPageShowsTheFormsOfTheAvailableActionsAsync(HttpClient browser, HttpClient api, string id, string page)
    {
        var available = (await api.GetFromJsonAsync<JsonObject>($"/api/cases/{id}"))!["availableActions"]!.AsArray().Select(a => (string)a!).ToHashSet();
        var html = await browser.GetStringAsync(page);
        foreach (var (action, form) in FormOf)
        {
            Assert.True(available.Contains(action) == html.Contains($"id=\"{form}\"", StringComparison.Ordinal),
                $"{action}: listed {available.Contains(action)}, but its form #{form} is {(available.Contains(action) ? "missing" : "shown")}");
        }
    }

    [Fact]
    public async Task TheCasePage_ShowsTheFormsOfExactlyTheActionsTheViewerMayTake_AtEachStage()
    {
        var (id, page) = await FileAsync();
        var (buyer, seller) = (await BrowserAsync("buyer@demo.odr"), await BrowserAsync("seller@demo.odr"));
        var (buyerApi, sellerApi) = (await factory.ClientForAsync("buyer@demo.odr"), await factory.ClientForAsync("seller@demo.odr"));
        await AssertPageShowsTheFormsOfTheAvailableActionsAsync(seller, sellerApi, id, page);
        await AssertPageShowsTheFormsOfTheAvailableActionsAsync(buyer, buyerApi, id, page);

        await ActAsync(seller, page, "Respond", new() { ["action"] = "Contest", ["statement"] = "Delivered.", ["consent"] = "true" });
        await AssertPageShowsTheFormsOfTheAvailableActionsAsync(seller, sellerApi, id, page);
        await AssertPageShowsTheFormsOfTheAvailableActionsAsync(buyer, buyerApi, id, page);

        await ActAsync(buyer, page, "Escalate", new() { ["escalateReason"] = "No agreement." });
        await factory.DrainWorkflowsAsync();
        var mediatorEmail = await factory.EmailOfAsync(Guid.Parse((string)(await CaseAsync(id))["mediatorId"]!));
        await AssertPageShowsTheFormsOfTheAvailableActionsAsync(await BrowserAsync(mediatorEmail), await factory.ClientForAsync(mediatorEmail), id, page);
        await AssertPageShowsTheFormsOfTheAvailableActionsAsync(buyer, buyerApi, id, page);
    }

    [Fact]
    public async Task ARefusedForm_IsShownBesideItself_InTheReadersLanguage_AndNothingChanges()
    {
        var (id, page) = await FileAsync();
        var seller = await BrowserAsync("seller@demo.odr");

        var english = await PostFormAsync(seller, page, "Respond", new()
        {
            ["action"] = "CounterOffer", ["counterType"] = "PartialRefund", ["counterAmount"] = "500",
        });
        Assert.Equal(HttpStatusCode.OK, english.StatusCode);
        var html = await english.Content.ReadAsStringAsync();
        Assert.Contains("A partial refund is more than zero and at most the amount paid (59.90 EUR).", html, StringComparison.Ordinal);
        Assert.Contains("value=\"500\"", html, StringComparison.Ordinal); // what was typed is kept

        await ChooseLanguageAsync(seller, "zh-Hans");
        var chinese = await PostFormAsync(seller, page, "Respond", new()
        {
            ["action"] = "CounterOffer", ["counterType"] = "PartialRefund", ["counterAmount"] = "500",
        });
        var zh = await chinese.Content.ReadAsStringAsync();
        Assert.Contains("部分退款必须大于零且不超过支付金额（59.90 EUR）。", zh, StringComparison.Ordinal);
        Assert.Equal("awaitingResponse", (string)(await CaseAsync(id))["stage"]!);
    }

    [Fact]
    public async Task ThePreferencesPage_SetsTheTimeZoneThatDeadlinesAreShownIn()
    {
        var (_, page) = await FileAsync();
        var buyer = await BrowserAsync("buyer@demo.odr");
        Assert.Contains("(UTC)", await buyer.GetStringAsync(page), StringComparison.Ordinal);

        var saved = await PostFormAsync(buyer, "/Account/Preferences", "", new() { ["culture"] = "en", ["timeZone"] = "Asia/Shanghai" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // Filed at 09:00 UTC on 2 November with 7 days to respond: 17:00 in Shanghai on 9 November.
        Assert.Contains("9 Nov 2026, 17:00 (Asia/Shanghai)", await buyer.GetStringAsync(page), StringComparison.Ordinal);
        var refused = await PostFormAsync(buyer, "/Account/Preferences", "", new() { ["culture"] = "en", ["timeZone"] = "Mars/Olympus" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Choose a time zone from the list.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMediatorsCaseload_ListsOpenCases_NearestDeadlineFirst()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var filed = await Filings.FileAsync(buyer);
            await factory.DrainWorkflowsAsync();
            ids.Add((string)filed["id"]!);
            await factory.AdvanceAsync(TimeSpan.FromHours(1));
            buyer = await factory.ClientForAsync("buyer@demo.odr");
        }
        // The newer case reaches mediation first, so its mediation deadline is the nearer one.
        foreach (var id in ids.AsEnumerable().Reverse())
        {
            var seller = await factory.ClientForAsync("seller@demo.odr");
            Assert.Equal(HttpStatusCode.OK, (await seller.PostAsJsonAsync($"/api/cases/{id}/response", new { action = "contest", statement = "Delivered." })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await (await factory.ClientForAsync("buyer@demo.odr")).PostAsJsonAsync($"/api/cases/{id}/escalate", new { })).StatusCode);
            await factory.DrainWorkflowsAsync();
            await factory.AdvanceAsync(TimeSpan.FromMinutes(10));
        }
        var mediatorIds = new HashSet<string>();
        foreach (var id in ids)
        {
            mediatorIds.Add((string)(await CaseAsync(id))["mediatorId"]!);
        }
        foreach (var mediatorId in mediatorIds)
        {
            var mediator = await BrowserAsync(await factory.EmailOfAsync(Guid.Parse(mediatorId)));
            var html = await mediator.GetStringAsync("/Cases");
            Assert.Contains("My caseload", html, StringComparison.Ordinal);
            var mine = ids.Where(id => html.Contains(id, StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(mine);
            var positions = mine.Select(id => html.IndexOf(id, StringComparison.Ordinal)).ToList();
            Assert.Equal(positions.Order().ToList(), mine.Select(id => html.IndexOf(id, StringComparison.Ordinal)).ToList());
            if (mine.Count == 2)
            {
                Assert.True(html.IndexOf(ids[1], StringComparison.Ordinal) < html.IndexOf(ids[0], StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task TheAdminPage_AppointsANeutral_AndEditsTheirProfile_AndOnlyAdminsOpenIt()
    {
        var buyer = await BrowserAsync("buyer2@demo.odr");
        Assert.Equal(HttpStatusCode.Redirect, (await buyer.GetAsync("/Admin")).StatusCode); // to access denied

        var admin = await BrowserAsync("admin@demo.odr");
        var appointed = await PostFormAsync(admin, "/Admin", "Appoint", new()
        {
            ["email"] = "buyer2@demo.odr", ["role"] = "Mediator", ["languages"] = "zh", ["conflictDomains"] = "Shop.Example, other.cn",
        });
        Assert.Equal(HttpStatusCode.Redirect, appointed.StatusCode);
        var html = await admin.GetStringAsync("/Admin");
        Assert.Contains("buyer2@demo.odr", html, StringComparison.Ordinal);
        Assert.Contains("value=\"shop.example,other.cn\"", html, StringComparison.Ordinal);

        var again = await PostFormAsync(admin, "/Admin", "Appoint", new() { ["email"] = "buyer2@demo.odr", ["role"] = "Mediator", ["languages"] = "en" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("This person is already in the pool in this role.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var noLanguage = await PostFormAsync(admin, "/Admin", "Appoint", new() { ["email"] = "buyer@demo.odr", ["role"] = "Arbitrator" });
        Assert.Contains("Choose at least one case language the neutral works in.", await noLanguage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
