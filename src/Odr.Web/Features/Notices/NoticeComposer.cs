using System.Globalization;
using System.Net;
using System.Text;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Localization;

namespace Odr.Web.Features.Notices;

/// <summary>A notice ready to send: subject, plain text, HTML, and the link the reader acts on.</summary>
public sealed record ComposedNotice(string Subject, string Text, string Html);

/// <summary>
/// Writes each notice in the recipient's language (English or Simplified Chinese). Every subject starts with the
/// case number; every body says what happened, what the reader may do and by when, and links to the case.
/// </summary>
public sealed class NoticeComposer(PublicUrls urls)
{
    public ComposedNotice Compose(SendNotice notice, DisputeCase c, string recipientName, CaseLanguage language, bool recipientHasAccount)
    {
        var zh = language == CaseLanguage.Zh;
        string T(string en, string chinese) => zh ? chinese : en;
        var number = c.Number.ToString();
        var deadline = notice.Deadline is { } d ? When(d, zh) : null;
        var link = urls.Case(c.Id.Value);
        var paragraphs = new List<string>();
        string subject;

        switch (notice.Kind)
        {
            case NoticeKind.ComplaintFiled:
                subject = T($"A complaint has been filed about order {c.Order.OrderReference}", $"有人就订单 {c.Order.OrderReference} 提出了投诉");
                // Named as the filing gives it: vouched for by the filing marketplace, or labelled as the buyer's words.
                paragraphs.Add(T($"A buyer has filed a complaint against {SellerNameEn(c)} with the ODR Service, an independent online dispute resolution service.",
                    $"一位买家已通过独立的在线争议解决服务，对{SellerNameZh(c)}提出投诉。"));
                paragraphs.Add(T($"Order: {c.Order.Marketplace}, {c.Order.OrderReference} of {c.Order.OrderDate:yyyy-MM-dd}, {c.Order.Item}, {c.Order.AmountPaid}.",
                    $"订单：{c.Order.Marketplace}，{c.Order.OrderReference}（{c.Order.OrderDate:yyyy-MM-dd}），{c.Order.Item}，{c.Order.AmountPaid}。"));
                paragraphs.Add(T($"Complaint: {CaseText.Claim(c.ClaimType)}. The buyer asks for: {Remedy(c.RequestedRemedy)}.",
                    $"投诉事由：{ClaimZh(c.ClaimType)}。买家请求：{RemedyZh(c.RequestedRemedy)}。"));
                paragraphs.Add(T($"You can accept, make a counter-offer or contest the complaint until {deadline}. If you do not respond, the case goes to mediation with a neutral mediator.",
                    $"您可在 {deadline} 之前接受、提出反要约或对投诉提出异议。若您未作回复，案件将进入由中立调解员主持的调解程序。"));
                paragraphs.Add(recipientHasAccount
                    ? T("Sign in with this e-mail address to see the complaint and respond.", "请使用本邮箱地址登录，查看投诉并作出回复。")
                    : T("Register with this e-mail address (it takes a minute) and confirm it to see the complaint and respond.",
                        "请使用本邮箱地址注册（约需一分钟）并完成验证，即可查看投诉并作出回复。"));
                link = recipientHasAccount ? urls.SignIn(c.Id.Value) : urls.Register(c.Seller.Email.Value, c.Id.Value);
                break;
            case NoticeKind.ResponseReceived:
                subject = T("The seller has responded to your complaint", "卖家已回复您的投诉");
                paragraphs.Add(c.ResponseAction switch
                {
                    ResponseAction.Accept => T("The seller accepted your request. The case is settled; the seller now has to carry it out.", "卖家接受了您的请求。案件已和解，卖家需履行。"),
                    ResponseAction.CounterOffer => T("The seller made a counter-offer. You can accept or reject it, or make an offer of your own.", "卖家提出了反要约。您可以接受或拒绝，也可以提出自己的提议。"),
                    _ => T("The seller contests your complaint. You can now negotiate, and escalate to mediation if needed.", "卖家对您的投诉提出异议。您现在可以协商，必要时可申请调解。"),
                });
                break;
            case NoticeKind.OfferReceived:
                subject = T("You have received an offer", "您收到了一项提议");
                var offer = c.Offers.FirstOrDefault(o => o.Id.Value == notice.SubjectId);
                paragraphs.Add(T($"The other party offers: {(offer is null ? "see the case" : Remedy(offer.Remedy))}. You can accept or reject it on the case page.",
                    $"对方提议：{(offer is null ? "请查看案件" : RemedyZh(offer.Remedy))}。您可以在案件页面接受或拒绝。"));
                break;
            case NoticeKind.OfferRejected:
                subject = T("Your offer was rejected", "您的提议被拒绝");
                var rejected = c.Offers.FirstOrDefault(o => o.Id.Value == notice.SubjectId);
                paragraphs.Add(T($"The other party rejected your offer ({(rejected is null ? "see the case" : Remedy(rejected.Remedy))}). You can make another offer, or ask for a mediator, on the case page.",
                    $"对方拒绝了您的提议（{(rejected is null ? "请查看案件" : RemedyZh(rejected.Remedy))}）。您可以在案件页面提出新的提议，或申请调解。"));
                break;
            case NoticeKind.ProposalReceived:
                subject = T("The mediator proposes terms", "调解员提出了和解方案");
                var proposal = c.Proposals.FirstOrDefault(p => p.Id.Value == notice.SubjectId);
                paragraphs.Add(T($"The mediator proposes: {(proposal is null ? "see the case" : Remedy(proposal.Remedy))}. The case settles on these terms once both parties accept them on the case page; mediation ends on {deadline}.",
                    $"调解员提出：{(proposal is null ? "请查看案件" : RemedyZh(proposal.Remedy))}。双方均在案件页面接受后，案件即按此和解；调解于 {deadline} 结束。"));
                break;
            case NoticeKind.EvidenceAnswered:
                subject = T("A party sent the evidence you asked for", "当事人已提交您要求的证据");
                var answer = c.Evidence.FirstOrDefault(e => e.Id.Value == notice.SubjectId);
                paragraphs.Add(answer is null ? T("A party added evidence in answer to your request.", "一方当事人已按您的要求提交证据。")
                    : T($"The {(answer.SubmittedBy == CaseRole.Buyer ? "buyer" : "seller")} added \"{answer.FileName}\" in answer to your request. The arbitration ends on {deadline}.",
                        $"{(answer.SubmittedBy == CaseRole.Buyer ? "买家" : "卖家")}已按您的要求提交“{answer.FileName}”。仲裁于 {deadline} 结束。"));
                break;
            case NoticeKind.PerformanceReported:
                subject = T("The seller says the outcome was carried out", "卖家称已履行结果");
                paragraphs.Add(T($"The seller reports that it carried out the outcome. Payment reference: {c.PaymentReference ?? "none given"}. Check that it arrived, then tell us on the case page by {deadline}.",
                    $"卖家报告已履行结果。付款凭证编号：{c.PaymentReference ?? "未提供"}。请核实是否已收到，并于 {deadline} 前在案件页面告知我们。"));
                break;
            case NoticeKind.DeadlineReminder:
                subject = T($"Reminder: the {Stage(notice.Stage, false)} deadline is {deadline}", $"提醒：{Stage(notice.Stage, true)}期限为 {deadline}");
                paragraphs.Add(T($"The {Stage(notice.Stage, false)} stage of your case ends on {deadline}. After that the case moves on by its rules.",
                    $"您案件的{Stage(notice.Stage, true)}阶段将于 {deadline} 结束，届时案件将按规则进入下一步。"));
                break;
            case NoticeKind.ComplianceReminder:
                subject = T($"Reminder: compliance is due by {deadline}", $"提醒：履行期限为 {deadline}");
                paragraphs.Add(notice.Recipient == CaseRole.Seller
                    ? T($"Please carry out the outcome of the case by {deadline}.", $"请于 {deadline} 前履行案件结果。")
                    : T($"The seller has until {deadline} to comply. Tell us on the case page whether they did.", $"卖家须于 {deadline} 前履行。请在案件页面告知是否已履行。"));
                break;
            case NoticeKind.Escalated:
                subject = T($"Your case has moved to {Stage(notice.Stage, false)}", $"您的案件已进入{Stage(notice.Stage, true)}阶段");
                paragraphs.Add(notice.Stage == DisputeStage.Closed
                    ? T("Your case is closed.", "您的案件已结案。")
                    : T($"The case is now in {Stage(notice.Stage, false)}. This stage ends on {deadline}.", $"案件现处于{Stage(notice.Stage, true)}阶段，该阶段于 {deadline} 结束。"));
                break;
            case NoticeKind.NeutralAssigned:
                var role = c.MediatorId?.Value == notice.SubjectId ? CaseRole.Mediator : CaseRole.Arbitrator;
                var roleEn = role == CaseRole.Mediator ? "mediator" : "arbitrator";
                var roleZh = role == CaseRole.Mediator ? "调解员" : "仲裁员";
                subject = notice.Recipient == role
                    ? T($"You have been assigned as the {roleEn}", $"您已被指定为{roleZh}")
                    : T($"A {roleEn} has been assigned to your case", $"已为您的案件指定{roleZh}");
                paragraphs.Add(notice.Recipient == role
                    ? T($"You are the {roleEn} of case {number}. The stage ends on {deadline}.", $"您是案件 {number} 的{roleZh}。本阶段于 {deadline} 结束。")
                    : T($"A neutral {roleEn} with no link to either party now leads the case. This stage ends on {deadline}.",
                        $"一位与双方均无关联的中立{roleZh}现主持本案。本阶段于 {deadline} 结束。"));
                break;
            case NoticeKind.EvidenceRequested:
                subject = T("The arbitrator requests evidence from you", "仲裁员要求您提交证据");
                var request = c.EvidenceRequests.FirstOrDefault(r => r.Id.Value == notice.SubjectId);
                paragraphs.Add(T($"The arbitrator asks: \"{request?.Request}\". Please add it on the case page by {deadline}.",
                    $"仲裁员要求：“{request?.Request}”。请于 {deadline} 前在案件页面提交。"));
                break;
            case NoticeKind.Settlement:
                subject = T("Settlement agreement", "和解协议");
                paragraphs.Add(T($"Your case is settled: {Remedy(c.AgreedRemedy!)}. The signed settlement agreement is attached. The seller has until {deadline} to comply.",
                    $"您的案件已和解：{RemedyZh(c.AgreedRemedy!)}。随附已签署的和解协议。卖家须于 {deadline} 前履行。"));
                break;
            case NoticeKind.Award:
                subject = T("The arbitral award", "仲裁裁决");
                paragraphs.Add(c.Outcome == DisputeOutcome.Dismissed
                    ? T("The arbitrator dismissed the claim. The signed award, with its reasons, is attached.", "仲裁员驳回了请求。随附已签署的裁决书及理由。")
                    : T($"The arbitrator has decided the case. The signed award, with its reasons, is attached. The seller has until {deadline} to comply.",
                        $"仲裁员已作出裁决。随附已签署的裁决书及理由。卖家须于 {deadline} 前履行。"));
                break;
            case NoticeKind.FilingReceipt:
                subject = FilingReceipt.Compose(c, deadline, zh, paragraphs);
                break;
            case NoticeKind.Recommendation:
                subject = T("The mediator's recommendation", "调解员建议");
                paragraphs.Add(T("Mediation ended without a settlement. The mediator's non-binding recommendation is attached.", "调解未能达成和解。随附调解员不具约束力的建议。"));
                break;
            case NoticeKind.Appealed:
                subject = T("The decision in your case has been appealed", "您案件的裁决已被提起上诉");
                paragraphs.Add(T($"The {(c.AppealedBy == CaseRole.Buyer ? "buyer" : "seller")} appealed the award. A fresh arbitrator, who had no part in the case, decides the appeal by {deadline}. Compliance waits for the decision.",
                    $"{(c.AppealedBy == CaseRole.Buyer ? "买方" : "卖方")}对裁决提起了上诉。一位未参与本案的新仲裁员将于 {deadline} 前作出上诉裁决。履行暂停，等待上诉裁决。"));
                break;
            case NoticeKind.AppealDecision:
                subject = T("The appeal decision", "上诉裁决");
                paragraphs.Add(c.AppealDecision switch
                {
                    AppealDecision.Upheld => T("The appeal arbitrator upheld the award. The signed appeal decision is attached.", "上诉仲裁员维持了原裁决。随附已签署的上诉裁决书。"),
                    AppealDecision.Varied => T("The appeal arbitrator varied the award. The signed appeal decision, with the new award, is attached.", "上诉仲裁员变更了原裁决。随附已签署的上诉裁决书及新裁决。"),
                    _ => T("The appeal arbitrator set the award aside; the case is closed. The signed appeal decision is attached.", "上诉仲裁员撤销了原裁决，案件已结案。随附已签署的上诉裁决书。"),
                });
                if (c.Stage == DisputeStage.Compliance)
                {
                    paragraphs.Add(T($"The seller has until {deadline} to comply. This decision is final.", $"卖家须于 {deadline} 前履行。本裁决为终局裁决。"));
                }
                break;
            case NoticeKind.AwardFinal:
                subject = T("The decision in your case is final", "您案件的裁决已成为终局裁决");
                paragraphs.Add(T("The appeal period has passed without an appeal: the award is final.", "上诉期限已过且无人上诉：裁决已成为终局裁决。"));
                break;
            default:
                subject = T($"Your case is closed ({Outcome(c.Outcome, false)})", $"您的案件已结案（{Outcome(c.Outcome, true)}）");
                paragraphs.Add(T($"Case {number} is closed. Outcome: {Outcome(c.Outcome, false)}.", $"案件 {number} 已结案。结果：{Outcome(c.Outcome, true)}。"));
                break;
        }

        var greeting = T($"Dear {recipientName},", $"{recipientName}，您好：");
        var action = T("Open the case", "打开案件");
        var footer = T($"Case {number} · ODR Service, an independent online dispute resolution service. You receive this because you take part in this case.",
            $"案件 {number} · 独立在线争议解决服务。您收到本邮件是因为您是本案的参与方。");
        var text = new StringBuilder().AppendLine(greeting).AppendLine();
        foreach (var paragraph in paragraphs)
        {
            text.AppendLine(paragraph).AppendLine();
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"{action}: {link}").AppendLine().AppendLine("--").AppendLine(footer);

        var html = new StringBuilder($"<!DOCTYPE html><html lang=\"{(zh ? "zh-Hans" : "en")}\"><body style=\"font-family:sans-serif;line-height:1.5\">");
        html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(greeting)}</p>");
        foreach (var paragraph in paragraphs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{Encode(paragraph)}</p>");
        }
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{Encode(link)}\">{Encode(action)}</a></p>");
        html.Append(CultureInfo.InvariantCulture, $"<hr><p style=\"color:#555;font-size:smaller\">{Encode(footer)}</p></body></html>");
        // A Chinese reader's subject also carries the English: recognisable to both, never mistaken for spam.
        var fullSubject = zh ? $"[{number}] {subject} / {Compose(notice, c, recipientName, CaseLanguage.En, recipientHasAccount).Subject[(number.Length + 3)..]}"
            : $"[{number}] {subject}";
        return new ComposedNotice(fullSubject, text.ToString(), html.ToString());
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string SellerNameEn(DisputeCase c) => Sellers.SellerDisplay.NameEn(c, Verified(c));

    private static string SellerNameZh(DisputeCase c) => Sellers.SellerDisplay.NameZh(c, Verified(c));

    private static Sellers.SellerIdentity? Verified(DisputeCase c) =>
        c.SellerVerifiedBy is { } marketplace ? new(c.Seller.Name, c.Seller.Type, c.Seller.Country.Value, marketplace) : null;

    private static string When(DateTimeOffset at, bool zh) => zh
        ? at.UtcDateTime.ToString("yyyy年M月d日 HH:mm 'UTC'", CultureInfo.InvariantCulture)
        : at.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Remedy(Remedy r) => r.Amount is { } amount ? $"{CaseText.Remedy(r.Type)} of {amount}" : CaseText.Remedy(r.Type).ToLowerInvariant();

    private static string RemedyZh(Remedy r) => (r.Type switch
    {
        RemedyType.FullRefund => "全额退款",
        RemedyType.PartialRefund => "部分退款",
        RemedyType.Replacement => "换货",
        RemedyType.Repair => "维修",
        _ => "退货退款",
    }) + (r.Amount is { } amount ? $" {amount}" : "");

    private static string ClaimZh(ClaimType type) => type switch
    {
        ClaimType.NotReceived => "未收到商品",
        ClaimType.NotAsDescribed => "商品与描述不符",
        ClaimType.DamagedOrDefective => "商品损坏或有缺陷",
        ClaimType.Counterfeit => "假冒商品",
        ClaimType.WrongItem => "发错商品",
        ClaimType.UnauthorizedCharge => "未经授权的扣款",
        ClaimType.ReturnNotRefunded => "退货后未退款",
        _ => "其他",
    };

    private static string Stage(DisputeStage? stage, bool zh) => (stage, zh) switch
    {
        (DisputeStage.AwaitingResponse, false) => "seller's response",
        (DisputeStage.AwaitingResponse, true) => "卖家答复",
        (DisputeStage.Negotiation, false) => "negotiation",
        (DisputeStage.Negotiation, true) => "协商",
        (DisputeStage.Mediation, false) => "mediation",
        (DisputeStage.Mediation, true) => "调解",
        (DisputeStage.Arbitration, false) => "arbitration",
        (DisputeStage.Arbitration, true) => "仲裁",
        (DisputeStage.Appeal, false) => "appeal",
        (DisputeStage.Appeal, true) => "上诉",
        (DisputeStage.Compliance, false) => "compliance",
        (DisputeStage.Compliance, true) => "履行",
        (_, false) => "closed",
        _ => "结案",
    };

    private static string Outcome(DisputeOutcome? outcome, bool zh) => (outcome, zh) switch
    {
        (DisputeOutcome.Settled, false) => "settled",
        (DisputeOutcome.Settled, true) => "和解",
        (DisputeOutcome.Awarded, false) => "awarded",
        (DisputeOutcome.Awarded, true) => "已裁决",
        (DisputeOutcome.Dismissed, false) => "dismissed",
        (DisputeOutcome.Dismissed, true) => "驳回",
        (DisputeOutcome.Withdrawn, false) => "withdrawn",
        (DisputeOutcome.Withdrawn, true) => "撤回",
        (_, false) => "unresolved",
        _ => "未解决",
    };
}
