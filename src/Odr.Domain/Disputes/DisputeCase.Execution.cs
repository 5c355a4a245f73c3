using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;

namespace Odr.Domain.Disputes;

/// <summary>What a marketplace reports of carrying out a settlement or award: done, or it could not.</summary>
public enum ExecutionStatus
{
    Executed,
    Failed,
}

/// <summary>
/// Execution reports: the marketplace that filed a case and holds the money carries out its outcome and says so. Executed
/// ends compliance as complied; failed is kept on the case (and counted against the seller) while compliance runs on, so
/// the marketplace may still report it executed, or the buyer report on it.
/// </summary>
public sealed partial class DisputeCase
{
    public const int ExecutionReferenceMaxLength = 200;

    /// <summary>When the marketplace reported the outcome carried out; none until then.</summary>
    public DateTimeOffset? ExecutedAt { get; private set; }

    /// <summary>The payment reference of the execution (the refund's transaction, say).</summary>
    public string? ExecutionReference { get; private set; }

    public Money? ExecutionAmount { get; private set; }

    /// <summary>When the marketplace reported that it could not carry out the outcome; stays once reported.</summary>
    public DateTimeOffset? ExecutionFailedAt { get; private set; }

    public string? ExecutionFailureReference { get; private set; }

    /// <summary>
    /// Whether the marketplace named <paramref name="marketplace"/> may report execution now: only the one that filed the
    /// case, once there is an outcome to carry out (compliance), and a failure only once.
    /// </summary>
    public Refusal? CanReportExecution(string marketplace, ExecutionStatus status)
    {
        if (FiledBy != CaseFiler.Marketplace || !string.Equals(SellerVerifiedBy, marketplace, StringComparison.Ordinal))
        {
            return new Refusal(DomainErrorCode.NotPermitted, "marketplaceRequired", "Only the marketplace that filed the case can report its execution.");
        }
        if (OnlyIn("report the outcome's execution", DisputeStage.Compliance) is { } refusal)
        {
            return Stage == DisputeStage.Closed
                ? new Refusal(DomainErrorCode.StageDoesNotAllow, "caseClosed", "The case is closed: you can no longer report the outcome's execution.")
                {
                    Args = [new Term("report the outcome's execution")],
                }
                : refusal;
        }
        return status == ExecutionStatus.Failed && ExecutionFailedAt is not null
            ? new Refusal(DomainErrorCode.Conflict, "executionFailureReported",
                "A failed execution was reported already; report the outcome executed once it is carried out.")
            : null;
    }

    /// <summary>
    /// The marketplace reports the settlement or award carried out (the case closes, complied) or failed (shown to the
    /// parties, the neutral and regulators, and counted in the seller's record; compliance runs on).
    /// </summary>
    public void ReportExecution(string marketplace, ExecutionStatus status, string reference, Money amount, DateTimeOffset now, StagePeriods periods)
    {
        EnsureText(reference, ExecutionReferenceMaxLength, "reference");
        if (amount.Currency != Order.AmountPaid.Currency)
        {
            throw new DomainException(DomainErrorCode.InvalidValue,
                $"The amount is in the case's currency, {Order.AmountPaid.Currency.Code}.", "amount.currency");
        }
        if (amount.IsZero)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "The amount must be more than zero.", "amount.value");
        }
        Ensure(CanReportExecution(marketplace, status));
        var trimmed = reference.Trim();
        if (status == ExecutionStatus.Failed)
        {
            ExecutionFailedAt = now;
            ExecutionFailureReference = trimmed;
            Touch();
            Raise(new OutcomeExecutionFailed(Id, marketplace, trimmed, amount, now));
            return;
        }
        ExecutedAt = now;
        ExecutionReference = trimmed;
        ExecutionAmount = amount;
        Complied = true;
        Raise(new OutcomeExecuted(Id, marketplace, trimmed, amount, now));
        Close(DisputeTrigger.OutcomeExecuted, Outcome!.Value, now, periods);
    }
}
