using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Localization;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Localization;

namespace Odr.Web.Features.Notices;

/// <summary>A notice ready to send: subject, plain text, HTML, and the link the reader acts on.</summary>
public sealed record ComposedNotice(string Subject, string Text, string Html);

/// <summary>
/// Writes each notice in the recipient's language from the one resource set (<c>notice.{kind}.…</c>, and the case's
/// labels from <see cref="CaseText"/>). Every subject starts with the case number; every body says what happened, what
/// the reader may do and by when, and links to the case.
/// </summary>
public sealed class NoticeComposer(PublicUrls urls, IStringLocalizer<Text> t)
{
    /// <param name="seller">The seller as its own profile or a marketplace states it (none: as the buyer named it).</param>
    public ComposedNotice Compose(SendNotice notice, DisputeCase c, string recipientName, string culture, bool recipientHasAccount,
        Sellers.SellerIdentity? seller = null)
    {
        using var language = Languages.Use(culture);
        var number = c.Number.ToString();
        var (subject, paragraphs, link) = Body(notice, c, recipientHasAccount, seller);

        var greeting = t["notice.greeting", recipientName];
        var action = t["notice.openCase"];
        var footer = t["notice.footer", number];
        var text = new StringBuilder().AppendLine(greeting).AppendLine();
        foreach (var paragraph in paragraphs)
        {
            text.AppendLine(paragraph).AppendLine();
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"{action}: {link}").AppendLine().AppendLine("--").AppendLine(footer);

        var html = new StringBuilder($"<!DOCTYPE html><html lang=\"{Languages.HtmlLanguage(CultureInfo.CurrentUICulture)}\"><body style=\"font-family:sans-serif;line-height:1.5\">");
        html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(greeting)}</p>");
        foreach (var paragraph in paragraphs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(paragraph)}</p>");
        }
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{Encode(link)}\">{Encode(action)}</a></p>");
        html.Append(CultureInfo.InvariantCulture, $"<hr><p style=\"color:#555;font-size:smaller\">{Encode(footer)}</p></body></html>");
        // A reader in a language other than English also gets the English subject: recognisable to both, never taken for spam.
        var fullSubject = $"[{number}] {subject}";
        if (Languages.WantsEnglishBeside(CultureInfo.CurrentUICulture))
        {
            using var english = Languages.Use(Languages.English);
            fullSubject += $" / {Body(notice, c, recipientHasAccount, seller).Subject}";
        }
        return new ComposedNotice(fullSubject, text.ToString(), html.ToString());
    }

    private (string Subject, List<string> Paragraphs, string Link) Body(SendNotice notice, DisputeCase c, bool recipientHasAccount, Sellers.SellerIdentity? seller)
    {
        var deadline = notice.Deadline is { } d ? When(d) : null;
        var link = urls.Case(c.Id.Value);
        var paragraphs = new List<string>();
        string subject;
        var stage = notice.Stage is { } s ? t.StageInSentence(s) : "";
        switch (notice.Kind)
        {
            case NoticeKind.ComplaintFiled:
                subject = t["notice.complaintFiled.subject", c.Order.OrderReference];
                // Named as someone answers for it (the seller's own profile, the filing marketplace), else as the buyer's words.
                paragraphs.Add(t["notice.complaintFiled.intro", Sellers.SellerDisplay.Name(t, c, seller)]);
                paragraphs.Add(t["notice.complaintFiled.order", c.Order.Marketplace, c.Order.OrderReference, Date(c.Order.OrderDate), c.Order.Item, c.Order.AmountPaid]);
                paragraphs.Add(t["notice.complaintFiled.claim", t.Claim(c.ClaimType), t.RemedyText(c.RequestedRemedy)]);
                paragraphs.Add(t["notice.complaintFiled.respondBy", deadline!]);
                paragraphs.Add(recipientHasAccount ? t["notice.complaintFiled.signIn"] : t["notice.complaintFiled.register"]);
                link = recipientHasAccount ? urls.SignIn(c.Id.Value) : urls.Register(c.Seller.Email.Value, c.Id.Value);
                break;
            case NoticeKind.ResponseReceived:
                subject = t["notice.responseReceived.subject"];
                paragraphs.Add(t[$"notice.responseReceived.{c.ResponseAction ?? ResponseAction.Contest}"]);
                break;
            case NoticeKind.OfferReceived:
                subject = t["notice.offerReceived.subject"];
                var offer = c.Offers.FirstOrDefault(o => o.Id.Value == notice.SubjectId);
                paragraphs.Add(t["notice.offerReceived.body", offer is null ? t["notice.seeTheCase"] : t.RemedyText(offer.Remedy)]);
                break;
            case NoticeKind.OfferRejected:
                subject = t["notice.offerRejected.subject"];
                var rejected = c.Offers.FirstOrDefault(o => o.Id.Value == notice.SubjectId);
                paragraphs.Add(t["notice.offerRejected.body", rejected is null ? t["notice.seeTheCase"] : t.RemedyText(rejected.Remedy)]);
                break;
            case NoticeKind.ProposalReceived:
                subject = t["notice.proposalReceived.subject"];
                var proposal = c.Proposals.FirstOrDefault(p => p.Id.Value == notice.SubjectId);
                paragraphs.Add(t["notice.proposalReceived.body", proposal is null ? t["notice.seeTheCase"] : t.RemedyText(proposal.Remedy), deadline!]);
                break;
            case NoticeKind.EvidenceAnswered:
                subject = t["notice.evidenceAnswered.subject"];
                var answer = c.Evidence.FirstOrDefault(e => e.Id.Value == notice.SubjectId);
                paragraphs.Add(answer is null
                    ? t["notice.evidenceAnswered.unnamed"]
                    : t["notice.evidenceAnswered.body", t.RoleInSentence(answer.SubmittedBy), answer.FileName, deadline!]);
                break;
            case NoticeKind.PerformanceReported:
                subject = t["notice.performanceReported.subject"];
                paragraphs.Add(t["notice.performanceReported.body", c.PaymentReference ?? t["notice.performanceReported.noReference"], deadline!]);
                break;
            case NoticeKind.FilingReceipt:
                subject = FilingReceipt.Compose(c, deadline, t, paragraphs);
                break;
            case NoticeKind.Appealed:
                subject = t["notice.appealed.subject"];
                paragraphs.Add(t["notice.appealed.body", t.RoleInSentence(c.AppealedBy ?? CaseRole.Buyer), deadline!]);
                break;
            case NoticeKind.AppealDecision:
                subject = t["notice.appealDecision.subject"];
                paragraphs.Add(t[$"notice.appealDecision.{c.AppealDecision ?? AppealDecision.Upheld}"]);
                if (c.Stage == DisputeStage.Compliance)
                {
                    paragraphs.Add(t["notice.appealDecision.complyBy", deadline!]);
                }
                break;
            case NoticeKind.AwardFinal:
                subject = t["notice.awardFinal.subject"];
                paragraphs.Add(t["notice.awardFinal.body"]);
                break;
            case NoticeKind.DeadlineReminder:
                subject = t["notice.deadlineReminder.subject", stage, deadline!];
                paragraphs.Add(t["notice.deadlineReminder.body", stage, deadline!]);
                break;
            case NoticeKind.ComplianceReminder:
                subject = t["notice.complianceReminder.subject", deadline!];
                paragraphs.Add(notice.Recipient == CaseRole.Seller
                    ? t["notice.complianceReminder.seller", deadline!]
                    : t["notice.complianceReminder.buyer", deadline!]);
                break;
            case NoticeKind.Escalated:
                subject = t["notice.escalated.subject", stage];
                paragraphs.Add(notice.Stage == DisputeStage.Closed ? t["notice.escalated.closed"] : t["notice.escalated.body", stage, deadline!]);
                break;
            case NoticeKind.NeutralAssigned:
                var role = c.MediatorId?.Value == notice.SubjectId ? CaseRole.Mediator : CaseRole.Arbitrator;
                var yours = notice.Recipient == role;
                subject = t[$"notice.neutralAssigned.{role}.{(yours ? "you" : "parties")}.subject"];
                paragraphs.Add(yours
                    ? t[$"notice.neutralAssigned.{role}.you.body", c.Number, deadline!]
                    : t[$"notice.neutralAssigned.{role}.parties.body", deadline!]);
                break;
            case NoticeKind.EvidenceRequested:
                subject = t["notice.evidenceRequested.subject"];
                var request = c.EvidenceRequests.FirstOrDefault(r => r.Id.Value == notice.SubjectId);
                paragraphs.Add(t["notice.evidenceRequested.body", request?.Request ?? "", deadline!]);
                break;
            case NoticeKind.Settlement:
                subject = t["notice.settlement.subject"];
                paragraphs.Add(t["notice.settlement.body", t.RemedyText(c.AgreedRemedy!), deadline!]);
                break;
            case NoticeKind.Award:
                subject = t["notice.award.subject"];
                paragraphs.Add(c.Outcome == DisputeOutcome.Dismissed ? t["notice.award.dismissed"] : t["notice.award.body", deadline!]);
                break;
            case NoticeKind.Recommendation:
                subject = t["notice.recommendation.subject"];
                paragraphs.Add(t["notice.recommendation.body"]);
                break;
            default:
                var outcome = c.Outcome is { } o ? t.Outcome(o) : t.Outcome(DisputeOutcome.Unresolved);
                subject = t["notice.closed.subject", outcome];
                paragraphs.Add(t["notice.closed.body", c.Number, outcome]);
                break;
        }
        return (subject, paragraphs, link);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>An instant in UTC, in the reader's language's own format (the resource <c>format.dateTimeUtc</c>).</summary>
    private string When(DateTimeOffset at) => at.UtcDateTime.ToString(t["format.dateTimeUtc"], CultureInfo.CurrentCulture);

    private string Date(DateOnly date) => date.ToString(t["format.date"], CultureInfo.CurrentCulture);
}
