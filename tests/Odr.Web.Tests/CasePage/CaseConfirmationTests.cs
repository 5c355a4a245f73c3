using System.Text.RegularExpressions;

namespace Odr.Web.Tests.CasePage;

/// <summary>
/// Irreversible actions (withdraw, move to mediation, end mediation, accept, reject, impasse, award, the compliance
/// report) are never one click: the real submit sits inside a disclosure that first says what will happen. It works
/// without JavaScript, so these tests read the served markup; the browser journey clicks through it.
/// </summary>
public sealed class CaseConfirmationTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private readonly CasePages pages = new(factory);

    /// <summary>The form's only submit button is inside a confirmation step that says what will happen.</summary>
    private static void AssertConfirmed(string form, string whatHappens)
    {
        var details = Regex.Match(form, "<details class=\"confirm\">([\\s\\S]*?)</details>");
        Assert.True(details.Success, $"no confirmation step in {form}");
        Assert.Contains("What will happen:", details.Value, StringComparison.Ordinal);
        Assert.Contains(whatHappens, CasePages.Text(details.Value), StringComparison.Ordinal);
        Assert.Single(Regex.Matches(form, "<button type=\"submit\""));
        Assert.Matches("<button type=\"submit\" class=\"danger\">", details.Groups[1].Value);
    }

    [Fact]
    public async Task EveryIrreversibleAction_AsksForConfirmation_SayingWhatWillHappen()
    {
        var (id, page) = await pages.FileAsync();
        var buyer = await pages.BrowserAsync("buyer@demo.odr");
        var seller = await pages.BrowserAsync("seller@demo.odr");
        await CasePages.ActAsync(seller, page, "Respond", new()
        {
            ["action"] = "CounterOffer", ["counterType"] = "PartialRefund", ["counterAmount"] = "20", ["consent"] = "true",
        });

        var html = await buyer.GetStringAsync(page);
        AssertConfirmed(CasePages.FormsWithClass(html, "accept-offer").Single(), "The case settles on these terms (Partial refund: 20.00 EUR) and closes");
        AssertConfirmed(CasePages.FormsWithClass(html, "reject-offer").Single(), "The offer is closed and its maker is told.");
        AssertConfirmed(CasePages.Form(html, "withdraw"), "The case closes for good and the seller is told; it cannot be reopened.");
        AssertConfirmed(CasePages.Form(html, "escalate"), "A neutral mediator is assigned and direct negotiation ends");

        await CasePages.ActAsync(buyer, page, "Escalate", new() { ["escalateReason"] = "No agreement." });
        await factory.DrainWorkflowsAsync();
        var mediator = await pages.NeutralBrowserAsync(id, "mediator");
        await CasePages.ActAsync(mediator, page, "Proposal", new() { ["proposalType"] = "PartialRefund", ["proposalAmount"] = "40", ["proposalNote"] = "Halfway." });
        var mediation = await mediator.GetStringAsync(page);
        var impasse = CasePages.Form(mediation, "impasse");
        AssertConfirmed(impasse, "Mediation ends now and an arbitrator decides the case; your note goes to both parties and the arbitrator.");
        // The mediator is warned who reads the note before writing it: the warning comes before the note's field.
        var warning = impasse.IndexOf("Who reads your note: both parties and the arbitrator who decides the case.", StringComparison.Ordinal);
        Assert.InRange(warning, 0, impasse.IndexOf("id=\"impasseNote\"", StringComparison.Ordinal));
        AssertConfirmed(CasePages.FormsWithClass(await buyer.GetStringAsync(page), "accept-proposal").Single(), "Your acceptance cannot be taken back.");
        AssertConfirmed(CasePages.Form(await buyer.GetStringAsync(page), "escalate"), "Mediation ends now and an arbitrator decides the case with a binding award.");

        await CasePages.ActAsync(mediator, page, "Impasse", new() { ["impasseNote"] = "No agreement on the amount." });
        await factory.DrainWorkflowsAsync();
        var arbitrator = await pages.NeutralBrowserAsync(id, "arbitrator");
        AssertConfirmed(CasePages.Form(await arbitrator.GetStringAsync(page), "award"), "The award is final and binding");
        await CasePages.ActAsync(arbitrator, page, "Award", new()
        {
            ["awardDecision"] = "PartialRefund", ["awardAmount"] = "45", ["awardLaw"] = "CN", ["awardReasons"] = "No signed proof of delivery.",
        });
        await factory.DrainWorkflowsAsync();
        AssertConfirmed(CasePages.Form(await buyer.GetStringAsync(page), "compliance"), "the case closes for good");

        // In Chinese too, with no English left in the step.
        var chinese = await pages.BrowserAsync("buyer@demo.odr", "zh-Hans");
        var zh = CasePages.Form(await chinese.GetStringAsync(page), "compliance");
        Assert.Contains("将会发生：", zh, StringComparison.Ordinal);
        Assert.DoesNotContain("What will happen", zh, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryButtonStyle_IsAtLeast44PixelsHigh()
    {
        var text = File.ReadAllText(Path.Combine(CasePages.RepositoryRoot(), "src/Odr.Web/wwwroot/css/site.css"));
        var rule = Regex.Match(text, "([^{}]+)\\{[^}]*min-height: 2\\.75rem[^}]*\\}");
        Assert.True(rule.Success);
        var selectors = rule.Groups[1].Value.Split(',').Select(s => s.Trim()).ToList();
        Assert.Contains("button.secondary", selectors);
        Assert.Contains("button.danger", selectors);
        Assert.Contains("summary.button", selectors);
        Assert.Contains("button.primary", selectors);
        Assert.Matches("button\\.secondary \\{[^}]*padding", text); // styled, not the browser's bare button
    }
}
