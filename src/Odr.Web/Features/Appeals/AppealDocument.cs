using System.Globalization;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure.Localization;
using Odr.Web.Infrastructure.Pdf;

namespace Odr.Web.Features.Appeals;

/// <summary>The appeal decision's own part of its signed document (the rest, as every outcome document: DocumentComposer).</summary>
public static class AppealDocument
{
    public static void Write(PdfWriter pdf, DisputeCase c, Func<string, string, string> label, string? appealArbitrator)
    {
        if (appealArbitrator is not null)
        {
            pdf.Row(label("Appeal arbitrator", "上诉仲裁员"), appealArbitrator);
        }
        pdf.Heading(label("The appeal", "上诉"));
        pdf.Row(label("Appealed by", "上诉人"), c.AppealedBy == CaseRole.Buyer ? "the buyer" : "the seller");
        pdf.Row(label("Grounds", "上诉理由类别"), c.AppealGrounds switch
        {
            AppealGrounds.Procedural => "procedural unfairness",
            AppealGrounds.NewEvidence => "new evidence",
            _ => "manifest error",
        });
        pdf.Row(label("Award appealed", "被上诉的裁决"), Award(c.OriginalAwardDecision ?? c.AwardDecision, c.OriginalAwardDecision is null ? c.AwardAmount : c.OriginalAwardAmount));
        pdf.Paragraph(c.AppealStatement ?? "");

        pdf.Heading(label("Decision on appeal", "上诉裁决"));
        pdf.Row(label("Decision", "裁决结果"), c.AppealDecision switch
        {
            AppealDecision.Upheld => "The award is upheld",
            AppealDecision.Varied => "The award is varied",
            _ => "The award is set aside",
        });
        if (c.AppealDecision == AppealDecision.Varied)
        {
            pdf.Row(label("New award", "新裁决"), Award(c.AwardDecision, c.AwardAmount));
            pdf.Row(label("Applicable law", "适用法律"), $"{GoverningLawText.Law(c.AwardGoverningLaw!.Value.Value)} ({c.AwardGoverningLaw.Value.Value})");
        }
        pdf.Heading(label("Reasons", "裁决理由"));
        pdf.Paragraph(c.AppealReasons ?? "");
        pdf.Paragraph(c.AppealDecision == AppealDecision.SetAside
            ? label("The award no longer binds the parties; the case is closed. This decision is final.", "原裁决对双方不再具有约束力，案件结案。本裁决为终局裁决。")
            : label("This decision is final and binding on the parties.", "本裁决为终局裁决，对双方具有约束力。"));
    }

    private static string Award(AwardDecision? decision, Money? amount) =>
        (decision is { } d ? CaseText.Decision(d) : "—")
        + (amount is { } a ? $": {a.Value.ToString("N" + a.Currency.MinorUnits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)} {a.Currency.Code}" : "");
}
