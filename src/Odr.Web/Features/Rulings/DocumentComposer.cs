using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.History;
using Odr.Web.Infrastructure.Localization;
using Odr.Web.Infrastructure.Pdf;

namespace Odr.Web.Features.Rulings;

/// <summary>The people a document names, looked up by the handler: display names are not part of the case.</summary>
public sealed record DocumentPeople(string BuyerName, string? MediatorName, string? ArbitratorName);

/// <summary>
/// Lays out a settlement agreement, an arbitral award or a mediator's recommendation: the case, the parties and the
/// neutral, the claim, the timeline, the governing law, the terms or decision, compliance, and how to verify it.
/// English throughout; for a case conducted in Chinese, every label carries its Chinese beside it, and what the
/// parties wrote is kept as they wrote it.
/// </summary>
public sealed class DocumentComposer(PublicUrls urls, X509Certificate2 certificate, DocumentFont font, Microsoft.Extensions.Localization.IStringLocalizer<Text> t)
{
    public byte[] Compose(DisputeCase c, DocumentKind kind, DocumentPeople people, IReadOnlyList<CaseEvent> history, string verificationCode,
        DateTimeOffset issuedAt)
    {
        font.InstallOnce();
        var zh = c.Language == CaseLanguage.Zh;
        string L(string en, string chinese) => zh ? $"{en} / {chinese}" : en;
        static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

        var (titleEn, titleZh) = kind switch
        {
            DocumentKind.Settlement => ("Settlement Agreement", "和解协议"),
            DocumentKind.Ruling => ("Arbitral Award", "仲裁裁决"),
            _ => ("Mediator's Recommendation", "调解员建议"),
        };
        using var pdf = new PdfWriter($"{titleEn} — {c.Number}", $"Case {c.Number}");
        pdf.Title(L(titleEn, titleZh));
        pdf.Paragraph(L($"Case {c.Number}, ODR Service", $"案件 {c.Number}，在线争议解决服务"));

        pdf.Heading(L("The case", "案件"));
        pdf.Row(L("Case number", "案件编号"), c.Number.ToString());
        pdf.Row(L("Marketplace and order", "平台及订单"), $"{c.Order.Marketplace}, {c.Order.OrderReference}, {c.Order.OrderDate.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}");
        pdf.Row(L("Item", "商品"), c.Order.Item);
        pdf.Row(L("Amount paid", "支付金额"), c.Order.AmountPaid.ToString());
        pdf.Row(L("Claim", "投诉类型"), CaseText.Claim(c.ClaimType));
        pdf.Row(L("Remedy requested", "请求的救济"), Terms(c.RequestedRemedy));
        pdf.Row(L("Filed", "立案时间"), Date(c.CreatedAt));

        pdf.Heading(L("The parties", "当事人"));
        pdf.Row(L("Buyer", "买方"), $"{people.BuyerName} ({(c.Buyer.Type == Domain.Parties.BuyerType.Consumer ? "consumer" : "business")}, {c.Buyer.Country.EnglishName})");
        pdf.Row(L("Seller", "卖方"), $"{c.Seller.Name} ({(c.Seller.Type == Domain.Parties.SellerType.Business ? "business" : "private seller")}, {c.Seller.Country.EnglishName})");
        if (people.MediatorName is { } mediator)
        {
            pdf.Row(L("Mediator", "调解员"), mediator);
        }
        if (people.ArbitratorName is { } arbitrator && kind == DocumentKind.Ruling)
        {
            pdf.Row(L("Arbitrator", "仲裁员"), arbitrator);
        }

        pdf.Heading(L("The complaint", "投诉内容"));
        pdf.Paragraph(c.Description);

        pdf.Heading(L("Timeline", "程序经过"));
        foreach (var (at, what) in Timeline(history))
        {
            pdf.Row(Date(at), what);
        }

        pdf.Heading(L("Governing law", "准据法"));
        if (c.ConfirmedGoverningLaw is { } confirmed)
        {
            pdf.Row(L("Confirmed by the arbitrator", "仲裁员确认"), $"{t.Law(confirmed.Value)} ({confirmed.Value})");
        }
        if (c.GoverningLawSuggestion is { } suggestion)
        {
            pdf.Row(L("Service's suggestion", "本服务的建议"), $"{t.Law(suggestion.GoverningLaw)} ({suggestion.GoverningLaw}), confidence {suggestion.Confidence.ToString().ToLowerInvariant()}");
            pdf.Row(L("Legal basis", "法律依据"), string.Join("; ", suggestion.Basis));
            pdf.Row(L("UN Sales Convention (CISG)", "《联合国国际货物销售合同公约》"), GoverningLawText.Cisg(suggestion.Cisg));
            foreach (var overlay in suggestion.MandatoryOverlays)
            {
                pdf.Row(L("Applies regardless", "强制适用"), $"{t.Law(overlay.Law)}: {overlay.Scope} ({overlay.Basis})");
            }
        }

        switch (kind)
        {
            case DocumentKind.Settlement:
                pdf.Heading(L("Agreed terms", "和解条款"));
                pdf.Row(L("Terms", "条款"), Terms(c.AgreedRemedy!));
                pdf.Row(L("Reached at", "达成阶段"), c.SettledAt switch
                {
                    SettlementStage.Response => "the seller's response",
                    SettlementStage.Negotiation => "negotiation",
                    _ => "mediation",
                });
                pdf.Paragraph(L("The buyer and the seller agreed these terms through the ODR Service. The seller carries them out by the compliance deadline below.",
                    "买卖双方通过在线争议解决服务达成上述条款。卖方应在下列履行期限前履行。"));
                break;
            case DocumentKind.Ruling:
                pdf.Heading(L("Decision", "裁决"));
                pdf.Row(L("Decision", "裁决结果"), Decision(c.AwardDecision!.Value));
                if (c.AwardAmount is { } amount)
                {
                    pdf.Row(L("Amount", "金额"), $"{amount.Value.ToString("N" + amount.Currency.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)} {amount.Currency.Code}");
                }
                pdf.Row(L("Applicable law", "适用法律"), $"{t.Law(c.AwardGoverningLaw!.Value.Value)} ({c.AwardGoverningLaw.Value.Value})");
                pdf.Heading(L("Reasons", "裁决理由"));
                pdf.Paragraph(c.AwardReasons!);
                pdf.Paragraph(L("This award is binding on the parties, who agreed to arbitration.", "双方当事人已同意仲裁，本裁决对其具有约束力。"));
                break;
            default:
                pdf.Heading(L("Recommendation", "建议"));
                pdf.Paragraph(c.MediatorRecommendation ?? "The mediator made no recommendation.");
                pdf.Paragraph(L("Mediation ended without a settlement and the parties had not both agreed to arbitration. This recommendation is not binding.",
                    "调解未能达成和解，且双方未共同同意仲裁。本建议不具有约束力。"));
                break;
        }

        if (c.Stage == DisputeStage.Compliance && c.Deadline is { } complianceDeadline)
        {
            pdf.Heading(L("Compliance", "履行"));
            pdf.Row(L("Compliance deadline", "履行期限"), Date(complianceDeadline));
            pdf.Paragraph(L("The buyer confirms through the ODR Service whether the seller complied.", "买方通过本服务确认卖方是否履行。"));
        }

        pdf.Heading(L("Issue and verification", "出具与核验"));
        pdf.Row(L("Issued", "出具日期"), Date(issuedAt));
        pdf.Row(L("Verification code", "核验码"), verificationCode);
        var url = urls.Verify(verificationCode);
        pdf.QrCode(url, L($"Check that this document is genuine at {url}, or upload the file there. It is signed by the ODR Service.",
            $"请在 {url} 核验本文件的真实性，或上传文件核验。本文件由在线争议解决服务签署。"));
        return pdf.SignAndSave($"{c.Number} · {verificationCode}", certificate);
    }

    private static string Terms(Remedy remedy) => remedy.Amount is { } amount ? $"{CaseText.Remedy(remedy.Type)}: {amount}" : CaseText.Remedy(remedy.Type);

    private static string Decision(AwardDecision decision) => decision switch
    {
        AwardDecision.FullRefund => "Full refund",
        AwardDecision.PartialRefund => "Partial refund",
        AwardDecision.ReturnAndRefund => "Return and refund",
        AwardDecision.Replacement => "Replacement",
        _ => "The claim is dismissed",
    };

    /// <summary>The stages and turning points of the case, read from its hash-chained history.</summary>
    private static IEnumerable<(DateTimeOffset At, string What)> Timeline(IReadOnlyList<CaseEvent> history)
    {
        foreach (var e in history)
        {
            using var canonical = JsonDocument.Parse(e.Canonical);
            var data = canonical.RootElement.GetProperty("data");
            string? what = e.Type switch
            {
                "filed" => "Complaint filed; the seller was given time to respond",
                "responded" => $"The seller responded ({data.GetProperty("action").GetString()})",
                "escalated" => $"Moved from {data.GetProperty("from").GetString()} to {data.GetProperty("to").GetString()} ({data.GetProperty("by").GetString()})",
                "neutralAssigned" => $"A {data.GetProperty("role").GetString()} was assigned",
                "offerAccepted" => "An offer was accepted",
                "proposalMade" => "The mediator proposed terms",
                "impasse" => "The mediator declared an impasse",
                "evidenceRequested" => "The arbitrator requested evidence",
                "settled" => $"Settled in {data.GetProperty("stage").GetString()}",
                "governingLawConfirmed" => $"Governing law confirmed: {data.GetProperty("law").GetString()}",
                "awarded" => "The award was made",
                "withdrawn" => "The buyer withdrew",
                "closed" => $"Case closed ({data.GetProperty("outcome").GetString()})",
                _ => null,
            };
            if (what is not null)
            {
                yield return (e.At, what);
            }
        }
    }
}
