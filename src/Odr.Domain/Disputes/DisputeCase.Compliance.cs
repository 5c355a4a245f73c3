using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>The ending of a case by the buyer: withdrawal, and the report on compliance.</summary>
public sealed partial class DisputeCase
{
    /// <summary>Whether the seller complied, as the buyer reported; none if the compliance deadline passed unreported.</summary>
    public bool? Complied { get; private set; }

    public string? ComplianceNote { get; private set; }

    /// <summary>Whether <paramref name="viewer"/> may withdraw the complaint: the buyer, at any stage before an award.</summary>
    public Refusal? CanWithdraw(CaseRole viewer) =>
        OnlyThe(CaseRole.Buyer, viewer, "withdraw the complaint")
        ?? OnlyIn("withdraw", DisputeStage.AwaitingResponse, DisputeStage.Negotiation, DisputeStage.Mediation, DisputeStage.Arbitration);

    /// <summary>The buyer ends the case, at any stage before an award.</summary>
    public void Withdraw(CaseRole by, DateTimeOffset now, StagePeriods periods)
    {
        Ensure(CanWithdraw(by));
        Raise(new DisputeWithdrawn(Id, Stage, now));
        Close(DisputeTrigger.Withdrawn, DisputeOutcome.Withdrawn, now, periods);
    }

    /// <summary>Whether <paramref name="viewer"/> may report compliance: the buyer, in the compliance period.</summary>
    public Refusal? CanReportCompliance(CaseRole viewer) =>
        OnlyThe(CaseRole.Buyer, viewer, "report compliance") ?? OnlyIn("report compliance", DisputeStage.Compliance);

    /// <summary>The buyer says whether the seller carried out the settlement or award; the case closes.</summary>
    public void ReportCompliance(CaseRole by, bool complied, string? note, DateTimeOffset now, StagePeriods periods)
    {
        Ensure(CanReportCompliance(by));
        var text = OptionalText(note, NoteMaxLength, "note");
        Complied = complied;
        ComplianceNote = text.Length == 0 ? null : text;
        Raise(new ComplianceReported(Id, complied, now));
        Close(DisputeTrigger.ComplianceReported, Outcome!.Value, now, periods);
    }
}
