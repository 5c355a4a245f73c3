using Microsoft.Extensions.Localization;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure.Localization;
using Odr.Web.Infrastructure.Pdf;

namespace Odr.Web.Features.Appeals;

/// <summary>The appeal decision's own part of its signed document (the rest, as every outcome document: DocumentComposer).</summary>
public static class AppealDocument
{
    /// <param name="label">A label by its key, as the document shows labels (English, or English and the case's language).</param>
    public static void Write(PdfWriter pdf, DisputeCase c, Func<string, string> label, IStringLocalizer<Text> t, string? appealArbitrator)
    {
        if (appealArbitrator is not null)
        {
            pdf.Row(label("pdf.appeal.arbitrator"), appealArbitrator);
        }
        pdf.Heading(label("pdf.appeal.heading"));
        pdf.Row(label("pdf.appeal.by"), t.RoleInSentence(c.AppealedBy ?? Domain.Parties.CaseRole.Buyer));
        pdf.Row(label("pdf.appeal.grounds"), t[$"appealGrounds.{c.AppealGrounds ?? AppealGrounds.ManifestError}"]);
        pdf.Row(label("pdf.appeal.awardAppealed"), Award(t, c.OriginalAwardDecision ?? c.AwardDecision, c.OriginalAwardDecision is null ? c.AwardAmount : c.OriginalAwardAmount));
        pdf.Paragraph(c.AppealStatement ?? "");

        pdf.Heading(label("pdf.appeal.decisionHeading"));
        pdf.Row(label("pdf.decision"), t[$"appealDecision.{c.AppealDecision ?? AppealDecision.Upheld}"]);
        if (c.AppealDecision == AppealDecision.Varied)
        {
            pdf.Row(label("pdf.appeal.newAward"), Award(t, c.AwardDecision, c.AwardAmount));
            pdf.Row(label("pdf.applicableLaw"), $"{t.Law(c.AwardGoverningLaw!.Value.Value)}{t["punctuation.bracketed", c.AwardGoverningLaw.Value.Value]}");
        }
        pdf.Heading(label("pdf.reasons"));
        pdf.Paragraph(c.AppealReasons ?? "");
        pdf.Paragraph(c.AppealDecision == AppealDecision.SetAside ? t["pdf.appeal.setAsideText"] : t["pdf.appeal.finalText"]);
    }

    private static string Award(IStringLocalizer<Text> t, AwardDecision? decision, Domain.Common.Money? amount) =>
        (decision is { } d ? t.Decision(d) : "—") + (amount is { } a ? $": {a}" : "");
}
