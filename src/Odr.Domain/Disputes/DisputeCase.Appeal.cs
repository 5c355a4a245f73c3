using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>Why a party appeals an award or dismissal.</summary>
public enum AppealGrounds
{
    /// <summary>The procedure was unfair: a party was not heard, a deadline was wrong, the arbitrator had a conflict.</summary>
    Procedural,
    /// <summary>Evidence that could not be produced in time and would change the outcome.</summary>
    NewEvidence,
    /// <summary>The award is plainly wrong on the facts or the law.</summary>
    ManifestError,
}

/// <summary>What the appeal arbitrator decides.</summary>
public enum AppealDecision
{
    /// <summary>The award (or dismissal) stands as it was.</summary>
    Upheld,
    /// <summary>A new award replaces it.</summary>
    Varied,
    /// <summary>The award is annulled and none takes its place.</summary>
    SetAside,
}

/// <summary>
/// The appeal: once per case, by either party, within the appeal period of an award or dismissal, before a fresh
/// arbitrator (never the case's mediator nor the arbitrator whose award is appealed). While it runs, compliance waits.
/// </summary>
public sealed partial class DisputeCase
{
    public const int AppealStatementMaxLength = 10_000;

    /// <summary>
    /// Until when the award or dismissal may be appealed; none for an award issued before appeals existed (it was issued
    /// as final) and for cases that never had one.
    /// </summary>
    public DateTimeOffset? AppealableUntil { get; private set; }

    /// <summary>When the appeal period passed with no appeal: from then on the award or dismissal is final.</summary>
    public DateTimeOffset? AwardFinalAt { get; private set; }

    public CaseRole? AppealedBy { get; private set; }

    public AppealGrounds? AppealGrounds { get; private set; }

    public string? AppealStatement { get; private set; }

    public DateTimeOffset? AppealedAt { get; private set; }

    /// <summary>The arbitrator whose award or dismissal was appealed; the appeal arbitrator is then <see cref="ArbitratorId"/>.</summary>
    public UserId? AwardingArbitratorId { get; private set; }

    public AppealDecision? AppealDecision { get; private set; }

    public string? AppealReasons { get; private set; }

    public DateTimeOffset? AppealDecidedAt { get; private set; }

    /// <summary>The award as first issued, when the appeal varied it (the case's award fields then hold the new one).</summary>
    public AwardDecision? OriginalAwardDecision { get; private set; }

    public Money? OriginalAwardAmount { get; private set; }

    /// <summary>Until when an appeal may still be lodged: the appeal period of an award not yet final and not yet appealed.</summary>
    public DateTimeOffset? AppealOpenUntil => AppealedAt is null && AwardFinalAt is null ? AppealableUntil : null;

    /// <summary>Whether the outcome can no longer be appealed: its period passed, or an appeal was decided.</summary>
    public bool AwardIsFinal => AwardFinalAt is not null || AppealDecidedAt is not null;

    /// <summary>
    /// Whether <paramref name="viewer"/> may appeal: a party, once per case, while an award or dismissal is open to
    /// appeal. The period's end is checked by <see cref="Appeal"/> against the time it is lodged.
    /// </summary>
    public Refusal? CanAppeal(CaseRole viewer) =>
        OnlyAParty(viewer, "appeal")
        ?? (AppealedAt is not null
            ? new Refusal(DomainErrorCode.Conflict, "alreadyAppealed", "This case has already been appealed: a case is appealed once.")
            : null)
        ?? (AppealOpenUntil is null
            ? new Refusal(DomainErrorCode.StageDoesNotAllow, "nothingToAppeal", AwardFinalAt is not null
                ? "The appeal period has passed: the decision is final."
                : "There is no award or dismissal open to appeal.")
            : null);

    /// <summary>
    /// A party appeals the award or dismissal. The case moves to <see cref="DisputeStage.Appeal"/> (compliance waits) and
    /// the arbitrator whose award it is steps aside for a fresh one, whom the workflow asks the pool for.
    /// </summary>
    public void Appeal(CaseRole by, AppealGrounds grounds, string? statement, DateTimeOffset now, StagePeriods periods)
    {
        Ensure(CanAppeal(by));
        if (now >= AppealableUntil)
        {
            throw new Refusal(DomainErrorCode.StageDoesNotAllow, "appealOutOfTime",
                $"The appeal period ended on {AppealableUntil:yyyy-MM-dd HH:mm} UTC.") { Args = [AppealableUntil!.Value] }.ToException();
        }
        if (!Enum.IsDefined(grounds))
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "Give the grounds: procedural, newEvidence or manifestError.", "grounds");
        }
        var text = OptionalText(statement, AppealStatementMaxLength, "statement");
        if (text.Length == 0)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "Say why the decision should change.", "statement");
        }
        AppealedBy = by;
        AppealGrounds = grounds;
        AppealStatement = text;
        AppealedAt = now;
        AwardingArbitratorId = ArbitratorId;
        ArbitratorId = null;
        // A buyer's report on compliance, or its deadline, belonged to the award under appeal; the decision starts afresh.
        Complied = null;
        ComplianceNote = null;
        ClosedAt = null;
        Raise(new AwardAppealed(Id, by, grounds, AwardingArbitratorId, now));
        MoveTo(DisputeTrigger.Appealed, now, periods);
    }

    /// <summary>Whether <paramref name="viewer"/> may decide the appeal: the appeal arbitrator, on appeal.</summary>
    public Refusal? CanDecideAppeal(CaseRole viewer) =>
        OnlyThe(CaseRole.Arbitrator, viewer, "decide the appeal") ?? OnlyIn("decide the appeal", DisputeStage.Appeal);

    /// <summary>
    /// The appeal arbitrator upholds the award, varies it (<paramref name="award"/> is the new one) or sets it aside,
    /// with reasons. An award to carry out opens a fresh compliance period; an upheld dismissal closes the case as
    /// dismissed. Setting aside closes it unresolved: it annuls the award without putting another in its place (an
    /// arbitrator who finds a different outcome right varies the award instead), so nothing binding remains to carry
    /// out, and the parties keep the remedies they had outside this service.
    /// </summary>
    public void DecideAppeal(CaseRole by, AppealDecision decision, AppealAward? award, string? reasons, DateTimeOffset now,
        StagePeriods periods)
    {
        Ensure(CanDecideAppeal(by));
        if (!Enum.IsDefined(decision))
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "Decide upheld, varied or setAside.", "decision");
        }
        var text = OptionalText(reasons, ReasonsMaxLength, "reasons");
        if (text.Length == 0)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "An appeal decision gives its reasons.", "reasons");
        }
        if (decision == Disputes.AppealDecision.Varied)
        {
            if (award is null)
            {
                throw new DomainException(DomainErrorCode.InvalidValue, "A varied award states the new award.", "award");
            }
            var amount = AwardedAmount(award.Decision, award.Amount);
            OriginalAwardDecision = AwardDecision;
            OriginalAwardAmount = AwardAmount;
            AwardDecision = award.Decision;
            AwardAmount = amount;
            AwardGoverningLaw = award.GoverningLaw;
        }
        else if (award is not null)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "Only a varied award states a new award.", "award");
        }
        AppealDecision = decision;
        AppealReasons = text;
        AppealDecidedAt = now;
        var inForce = decision == Disputes.AppealDecision.SetAside ? null : AwardDecision;
        Raise(new AppealDecided(Id, decision, inForce, inForce is null ? null : AwardAmount, AwardingArbitratorId, now));
        if (inForce is null)
        {
            Close(DisputeTrigger.AppealEndsCase, DisputeOutcome.Unresolved, now, periods);
        }
        else if (inForce == Disputes.AwardDecision.Dismissed)
        {
            Close(DisputeTrigger.AppealEndsCase, DisputeOutcome.Dismissed, now, periods);
        }
        else
        {
            Outcome = DisputeOutcome.Awarded;
            MoveTo(DisputeTrigger.AppealLeavesAwardToCarryOut, now, periods);
        }
    }

    /// <summary>
    /// The workflow's appeal period timer ran out: with no appeal lodged, the award or dismissal becomes final. False
    /// when it is stale (appealed, already final, or not yet due).
    /// </summary>
    public bool MakeAwardFinal(DateTimeOffset now)
    {
        if (AppealOpenUntil is not { } until || now < until)
        {
            return false;
        }
        AwardFinalAt = now;
        Touch();
        Raise(new AwardBecameFinal(Id, now));
        return true;
    }
}

/// <summary>The new award a varied appeal decision states (as an award is issued, less the reasons).</summary>
public sealed record AppealAward(AwardDecision Decision, Money? Amount, LawCode GoverningLaw);
