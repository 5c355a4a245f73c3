using System.Text.RegularExpressions;

namespace Odr.Web.Tests.CasePage;

/// <summary>
/// The case page opens on a dashboard: the six-stage progress bar, one card with what the viewer must do and by when
/// (their own deadlines included, nearest first), and the record (claim, law, evidence, history) in collapsible sections.
/// </summary>
public sealed class CaseDashboardTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private readonly CasePages pages = new(factory);

    private static string Card(string html)
    {
        var card = Regex.Match(html, "<section class=\"panel todo\"[\\s\\S]*?</section>");
        Assert.True(card.Success, "no to-do card");
        return card.Value;
    }

    private static string CurrentStep(string html) =>
        CasePages.Text(Regex.Match(html, "<li class=\"current\" aria-current=\"step\">[\\s\\S]*?</li>").Value).Trim();

    [Fact]
    public async Task TheSellersCard_SaysRespond_ByTheDeadline_AndTheProgressBarShowsTheFirstStep()
    {
        var (_, page) = await pages.FileAsync();
        var seller = await pages.BrowserAsync("seller@demo.odr");
        var html = await seller.GetStringAsync(page);

        var card = CasePages.Text(Card(html));
        Assert.Contains("Respond to the complaint: accept it, make a counter-offer or contest it.", card, StringComparison.Ordinal);
        Assert.Contains("by 9 Nov 2026, 09:00 (UTC)", card, StringComparison.Ordinal); // filed 2 Nov at 09:00, 7 days
        Assert.Contains("href=\"#respond\"", Card(html), StringComparison.Ordinal);
        Assert.Equal("1 Filed and response", CurrentStep(html));
        Assert.Equal(6, Regex.Count(html, "<span class=\"progress-dot\""));
        // The card comes before the forms; the record is folded away.
        Assert.True(html.IndexOf("id=\"todo\"", StringComparison.Ordinal) < html.IndexOf("id=\"respond\"", StringComparison.Ordinal));
        foreach (var section in new[] { "claim-section", "law-section", "evidence-section", "history-section" })
        {
            Assert.Matches($"<details class=\"section\" id=\"{section}\">", html);
        }

        var buyer = await pages.BrowserAsync("buyer@demo.odr");
        var buyers = await buyer.GetStringAsync(page);
        Assert.Contains("Nothing for you to do now.", CasePages.Text(Card(buyers)), StringComparison.Ordinal);
        // What the buyer may do meanwhile is not called their next step, and the law position says it is optional.
        Assert.Contains("<h2 id=\"actions-title\">What you can do</h2>", buyers, StringComparison.Ordinal);
        Assert.Contains("Optional: only if you think the law of a particular country governs this sale.", buyers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEvidenceRequestDueFromTheBuyer_TopsTheBuyersCard_WithItsDueDate_AndOpensTheEvidenceSection()
    {
        var (id, page) = await pages.FileAsync();
        var buyer = await pages.BrowserAsync("buyer@demo.odr");
        var seller = await pages.BrowserAsync("seller@demo.odr");
        await CasePages.ActAsync(seller, page, "Respond", new() { ["action"] = "Contest", ["statement"] = "Delivered.", ["consent"] = "true" });
        await CasePages.ActAsync(buyer, page, "Escalate", new() { ["escalateReason"] = "No agreement." });
        await factory.DrainWorkflowsAsync();
        var mediator = await pages.NeutralBrowserAsync(id, "mediator");
        await CasePages.ActAsync(mediator, page, "Impasse", new() { ["impasseNote"] = "No agreement." });
        await factory.DrainWorkflowsAsync();
        var arbitrator = await pages.NeutralBrowserAsync(id, "arbitrator");
        await CasePages.ActAsync(arbitrator, page, "EvidenceRequest", new() { ["requestFrom"] = "Buyer", ["requestText"] = "A photo of the parcel.", ["requestDays"] = "1" });

        var html = await buyer.GetStringAsync(page);
        var card = Card(html);
        var first = Regex.Match(card, "<li class=\"task[^\"]*\" data-task=\"([A-Za-z]+)\"").Groups[1].Value;
        Assert.Equal("AnswerEvidenceRequest", first);
        Assert.Contains("Send the evidence the arbitrator asked you for. by", CasePages.Text(card), StringComparison.Ordinal);
        Assert.Contains("A photo of the parcel.", card, StringComparison.Ordinal);
        Assert.Contains("class=\"task urgent\"", card, StringComparison.Ordinal); // due within two days: marked urgent
        Assert.Contains("href=\"#add-evidence\"", card, StringComparison.Ordinal);
        Assert.Matches("<details class=\"section\" id=\"evidence-section\" open=\"open\">", html);
        Assert.DoesNotContain("Who acts: the arbitrator.", html, StringComparison.Ordinal);
        Assert.Contains("Who acts: you first (the arbitrator asked you for evidence), then the arbitrator.", html, StringComparison.Ordinal);
        Assert.Equal("4 Arbitration", CurrentStep(html));
        Assert.Equal(3, Regex.Count(html, "<li class=\"done\""));

        // The arbitrator's own card: confirm the law and issue the award, by the arbitration deadline.
        var theirs = CasePages.Text(Card(await arbitrator.GetStringAsync(page)));
        Assert.Contains("Issue a reasoned award.", theirs, StringComparison.Ordinal);

        // In Chinese, the card and the steps are Chinese.
        var chinese = await pages.BrowserAsync("buyer@demo.odr", "zh-Hans");
        var zh = await chinese.GetStringAsync(page);
        Assert.Contains("提交仲裁员要求您提供的证据。", Card(zh), StringComparison.Ordinal);
        Assert.Equal("4 仲裁", CurrentStep(zh));
    }

    [Fact]
    public async Task TheChineseCard_AndDeadlineLine_UseFullWidthBrackets_Only()
    {
        var (_, page) = await pages.FileAsync();
        var seller = await pages.BrowserAsync("seller@demo.odr", "zh-Hans");
        var html = await seller.GetStringAsync(page);

        // The time zone and the time left, both in brackets: full-width ones, never an ASCII "(" beside them.
        var card = CasePages.Text(Card(html));
        var deadline = CasePages.Text(Regex.Match(html, "<p class=\"deadline\">[\\s\\S]*?</p>").Value);
        foreach (var line in new[] { card, deadline })
        {
            Assert.Contains("（UTC）", line, StringComparison.Ordinal);
            Assert.Matches("（剩余 \\d+ 天", line);
            Assert.DoesNotContain('(', line);
            Assert.DoesNotContain(')', line);
        }
    }

    [Fact]
    public async Task ACaseSettledOnTheSellersResponse_ShowsTheStagesItNeverWentThrough_AsNotNeeded_NotAsDone()
    {
        var (_, page) = await pages.FileAsync();
        var seller = await pages.BrowserAsync("seller@demo.odr");
        await CasePages.ActAsync(seller, page, "Respond", new() { ["action"] = "Accept", ["statement"] = "Refunding.", ["consent"] = "true" });

        var html = await (await pages.BrowserAsync("buyer@demo.odr")).GetStringAsync(page);
        Assert.Equal("5 Compliance", CurrentStep(html));
        Assert.Equal(1, Regex.Count(html, "<li class=\"done\""));
        Assert.Equal(3, Regex.Count(html, "<li class=\"skipped\""));
        Assert.Contains("Mediation (not needed)", CasePages.Text(Regex.Match(html, "<ol class=\"progress\"[\\s\\S]*?</ol>").Value), StringComparison.Ordinal);
    }
}
