using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>Arbitration: the arbitrator, evidence requests and the award.</summary>
public sealed partial class DisputeCase
{
    public const int ReasonsMaxLength = 20_000;

    private readonly List<EvidenceRequest> _evidenceRequests = [];

    public UserId? ArbitratorId { get; private set; }

    /// <summary>An arbitrator replaced for missing the deadline; never assigned to this case again.</summary>
    public UserId? ReplacedArbitratorId { get; private set; }

    public AwardDecision? AwardDecision { get; private set; }

    public Money? AwardAmount { get; private set; }

    public LawCode? AwardGoverningLaw { get; private set; }

    public string? AwardReasons { get; private set; }

    public DateTimeOffset? AwardedAt { get; private set; }

    public IReadOnlyList<EvidenceRequest> EvidenceRequests => _evidenceRequests;

    /// <summary>
    /// Assigns the arbitrator the pool chose, in arbitration or on appeal: never the case's mediator, nor one replaced
    /// on it, nor (on appeal) the arbitrator whose award is appealed.
    /// </summary>
    public bool AssignArbitrator(UserId arbitrator, DateTimeOffset now)
    {
        if (Stage is not (DisputeStage.Arbitration or DisputeStage.Appeal) || ArbitratorId is not null)
        {
            return false;
        }
        if (arbitrator == MediatorId)
        {
            throw new DomainException(DomainErrorCode.Conflict, "The case's mediator cannot arbitrate it.", null, "arbitratorWasMediator");
        }
        if (arbitrator == ReplacedArbitratorId || arbitrator == AwardingArbitratorId || arbitrator == Buyer.UserId)
        {
            throw new DomainException(DomainErrorCode.Conflict, "This person cannot arbitrate this case.", null, "arbitratorNotEligible");
        }
        ArbitratorId = arbitrator;
        Touch();
        Raise(new NeutralAssigned(Id, CaseRole.Arbitrator, arbitrator, now));
        return true;
    }

    /// <summary>Whether <paramref name="viewer"/> may ask a party for evidence: the arbitrator, in arbitration or on appeal.</summary>
    public Refusal? CanRequestEvidence(CaseRole viewer) =>
        OnlyThe(CaseRole.Arbitrator, viewer, "request evidence") ?? OnlyIn("request evidence", DisputeStage.Arbitration, DisputeStage.Appeal);

    public EvidenceRequest RequestEvidence(CaseRole by, CaseRole from, string? request, int dueInDays, DateTimeOffset now)
    {
        Ensure(CanRequestEvidence(by));
        if (from is not (CaseRole.Buyer or CaseRole.Seller))
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "Evidence is requested from the buyer or the seller.", "from", "evidenceFromParty");
        }
        var text = OptionalText(request, EvidenceRequest.RequestMaxLength, "request");
        if (text.Length == 0)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "Say what evidence is requested.", "request", "evidenceRequestEmpty");
        }
        if (dueInDays is < 1 or > EvidenceRequest.MaxDueInDays)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"The due date is 1 to {EvidenceRequest.MaxDueInDays} days away.", "dueInDays", "dueInDaysRange") { Args = [EvidenceRequest.MaxDueInDays] };
        }
        var evidenceRequest = new EvidenceRequest(EvidenceRequestId.New(), Id, from, text, now.AddDays(dueInDays), now);
        _evidenceRequests.Add(evidenceRequest);
        Touch();
        Raise(new EvidenceRequested(Id, evidenceRequest.Id, from, evidenceRequest.DueAt, now));
        return evidenceRequest;
    }

    /// <summary>The request's due date passed: an unanswered request lapses. False when it was answered or the case moved on.</summary>
    public bool LapseEvidenceRequest(EvidenceRequestId requestId, DateTimeOffset now)
    {
        var request = _evidenceRequests.FirstOrDefault(r => r.Id == requestId);
        if (request is not { Status: EvidenceRequestStatus.Open } || now < request.DueAt)
        {
            return false;
        }
        request.Close(EvidenceRequestStatus.Lapsed);
        Touch();
        Raise(new EvidenceRequestLapsed(Id, requestId, now));
        return true;
    }

    /// <summary>Whether <paramref name="viewer"/> may issue the award: the arbitrator, in arbitration.</summary>
    public Refusal? CanIssueAward(CaseRole viewer) =>
        OnlyThe(CaseRole.Arbitrator, viewer, "issue the award") ?? OnlyIn("issue the award", DisputeStage.Arbitration);

    /// <summary>
    /// The binding award, with reasons and the governing law. A dismissal closes the case; any other decision opens
    /// the seller's compliance period. Refund amounts are at most the amount paid, in its currency.
    /// </summary>
    public void IssueAward(CaseRole by, AwardDecision decision, Money? amount, LawCode governingLaw, string? reasons, DateTimeOffset now,
        StagePeriods periods)
    {
        Ensure(CanIssueAward(by));
        var text = OptionalText(reasons, ReasonsMaxLength, "reasons");
        if (text.Length == 0)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "An award gives its reasons.", "reasons", "awardReasonsRequired");
        }
        var awarded = AwardedAmount(decision, amount);
        ConfirmGoverningLaw(by, governingLaw, now);
        AwardDecision = decision;
        AwardAmount = awarded;
        AwardGoverningLaw = governingLaw;
        AwardReasons = text;
        AwardedAt = now;
        // Appeals ship with this award: from now on an award or dismissal may be appealed within the appeal period.
        AppealableUntil = now + periods.Appeal;
        Raise(new AwardIssued(Id, decision, awarded, governingLaw, now));
        if (decision == Disputes.AwardDecision.Dismissed)
        {
            Close(DisputeTrigger.Dismissed, DisputeOutcome.Dismissed, now, periods);
        }
        else
        {
            Outcome = DisputeOutcome.Awarded;
            MoveTo(DisputeTrigger.Awarded, now, periods);
        }
    }

    /// <summary>The amount an award of <paramref name="decision"/> carries: refunds at most the amount paid, in its currency.</summary>
    private Money? AwardedAmount(AwardDecision decision, Money? amount)
    {
        var paid = Order.AmountPaid;
        return decision switch
        {
            Disputes.AwardDecision.PartialRefund => amount is { } partial && Remedy.TryCreate(RemedyType.PartialRefund, partial, paid, out _, out _)
                ? partial
                : throw new DomainException(DomainErrorCode.InvalidValue, $"A partial refund is more than zero and at most {paid}.", "amount", "awardPartialRefundRange") { Args = [paid] },
            Disputes.AwardDecision.FullRefund or Disputes.AwardDecision.ReturnAndRefund => amount is null || amount == paid
                ? paid
                : throw new DomainException(DomainErrorCode.InvalidValue, $"A full refund is the amount paid ({paid}).", "amount", "awardFullRefundAmount") { Args = [paid] },
            _ => amount is null
                ? null
                : throw new DomainException(DomainErrorCode.InvalidValue, "This decision takes no amount.", "amount", "awardTakesNoAmount"),
        };
    }
}
