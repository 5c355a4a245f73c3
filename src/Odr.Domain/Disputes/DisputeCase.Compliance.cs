using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>The ending of a case by the buyer: withdrawal, and the report on compliance (after the seller's report that it carried the outcome out).</summary>
public sealed partial class DisputeCase
{
    /// <summary>Whether the seller complied, as the buyer reported; none if the compliance deadline passed unreported.</summary>
    public bool? Complied { get; private set; }

    public string? ComplianceNote { get; private set; }

    public const int PaymentReferenceMaxLength = 200;

    /// <summary>When the seller reported that it carried out the settlement or award; the buyer then confirms or denies it.</summary>
    public DateTimeOffset? PerformanceReportedAt { get; private set; }

    /// <summary>The payment's reference the seller gave (a refund's transaction id), for the buyer to find it.</summary>
    public string? PaymentReference { get; private set; }

    public string? PerformanceNote { get; private set; }

    /// <summary>Whether <paramref name="viewer"/> may report carrying out the outcome: the seller, once, in the compliance period.</summary>
    public Refusal? CanReportPerformance(CaseRole viewer) =>
        OnlyThe(CaseRole.Seller, viewer, "report that the outcome was carried out") ?? OnlyIn("report that the outcome was carried out", DisputeStage.Compliance)
        ?? (PerformanceReportedAt is null ? null : new Refusal(DomainErrorCode.Conflict, "performanceReported", "You have already reported that the outcome was carried out."));

    /// <summary>
    /// The seller says it carried out the outcome (a refund paid, a replacement sent), with the payment's reference. The case
    /// stays open: only the buyer's report closes it, as only the buyer can tell whether the money arrived.
    /// </summary>
    public void ReportPerformance(CaseRole by, string? paymentReference, string? note, DateTimeOffset now)
    {
        Ensure(CanReportPerformance(by));
        var reference = OptionalText(paymentReference, PaymentReferenceMaxLength, "paymentReference");
        var text = OptionalText(note, NoteMaxLength, "note");
        PerformanceReportedAt = now;
        PaymentReference = reference.Length == 0 ? null : reference;
        PerformanceNote = text.Length == 0 ? null : text;
        Touch();
        Raise(new PerformanceReported(Id, PaymentReference, now));
    }

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
