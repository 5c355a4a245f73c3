using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;
using Odr.Domain.GoverningLaw;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>
/// One dispute between a buyer and a seller: the facts as filed, who takes part, where the case stands and
/// what has been put before it. The aggregate guards every rule and every stage change (through
/// <see cref="DisputeStageRules"/>); time always arrives as a parameter. The workflow decides when a deadline
/// passes; this class decides whether anything follows from it.
/// </summary>
public sealed partial class DisputeCase : Entity<DisputeId>
{
    public const int DescriptionMaxLength = 10_000;
    public const int StatementMaxLength = 10_000;
    public const int ReasonsMaxLength = 20_000;
    public const int NoteMaxLength = 4_000;
    public const int MaxEvidenceFiles = 50;
    public const int MaxOffers = 100;

    /// <summary>An order date may be one day past today's UTC date: the buyer may live east of UTC.</summary>
    private static readonly TimeSpan OrderDateTolerance = TimeSpan.FromDays(1);

    private readonly List<Evidence> _evidence = [];
    private readonly List<Offer> _offers = [];
    private readonly List<BlindBid> _blindBids = [];
    private readonly List<MediationProposal> _proposals = [];
    private readonly List<EvidenceRequest> _evidenceRequests = [];
    private readonly List<IssuedDocument> _documents = [];
    private readonly List<UndeliveredNotice> _undeliveredNotices = [];

    private DisputeCase() { } // EF

    public CaseNumber Number { get; private set; }

    public Buyer Buyer { get; private set; } = null!;

    public Seller Seller { get; private set; } = null!;

    public OrderDetails Order { get; private set; } = null!;

    public ClaimType ClaimType { get; private set; }

    public string Description { get; private set; } = "";

    public Remedy RequestedRemedy { get; private set; } = null!;

    public CaseLanguage Language { get; private set; }

    /// <summary>The choice-of-law clause in the seller's terms, as the buyer reports it; none if there is none.</summary>
    public LawCode? ChoiceOfLaw { get; private set; }

    public bool BuyerConsentsToArbitration { get; private set; }

    /// <summary>The buyer's legal unit where the country has several (a US state; England, Scotland, NI).</summary>
    public string? BuyerSubdivision { get; private set; }

    public string? SellerSubdivision { get; private set; }

    public ContractType ContractType { get; private set; } = ContractType.Goods;

    public ChoiceOfLawSource ChoiceOfLawSource { get; private set; } = ChoiceOfLawSource.SellerTerms;

    public bool CisgExpresslyExcluded { get; private set; }

    /// <summary>The service's reasoned suggestion, computed from the case's facts at filing and after each correction.</summary>
    public Assessment? GoverningLawSuggestion { get; private set; }

    public LawPosition? BuyerLawPosition { get; private set; }

    public LawPosition? SellerLawPosition { get; private set; }

    /// <summary>The law the arbitrator confirmed as governing; the award applies it.</summary>
    public LawCode? ConfirmedGoverningLaw { get; private set; }

    public DateTimeOffset? GoverningLawConfirmedAt { get; private set; }

    /// <summary>Unknown until the seller responds; a seller who never responds has not consented.</summary>
    public bool? SellerConsentsToArbitration { get; private set; }

    public bool BothConsentToArbitration => BuyerConsentsToArbitration && SellerConsentsToArbitration == true;

    public DisputeStage Stage { get; private set; }

    public DisputeOutcome? Outcome { get; private set; }

    public SettlementStage? SettledAt { get; private set; }

    /// <summary>When the current stage's clock runs out; none once the case is closed.</summary>
    public DateTimeOffset? Deadline { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public ResponseAction? ResponseAction { get; private set; }

    public string? ResponseStatement { get; private set; }

    public DateTimeOffset? RespondedAt { get; private set; }

    public UserId? MediatorId { get; private set; }

    public UserId? ArbitratorId { get; private set; }

    /// <summary>An arbitrator replaced for missing the deadline; never assigned to this case again.</summary>
    public UserId? ReplacedArbitratorId { get; private set; }

    /// <summary>The terms the parties agreed, once settled.</summary>
    public Remedy? AgreedRemedy { get; private set; }

    public AwardDecision? AwardDecision { get; private set; }

    public Money? AwardAmount { get; private set; }

    public LawCode? AwardGoverningLaw { get; private set; }

    public string? AwardReasons { get; private set; }

    public DateTimeOffset? AwardedAt { get; private set; }

    /// <summary>Why a party last escalated the case, in its own words.</summary>
    public string? EscalationReason { get; private set; }

    /// <summary>The mediator's non-binding recommendation when mediation ends without settlement or arbitration.</summary>
    public string? MediatorRecommendation { get; private set; }

    /// <summary>Whether the seller complied, as the buyer reported; none if the compliance deadline passed unreported.</summary>
    public bool? Complied { get; private set; }

    public string? ComplianceNote { get; private set; }

    /// <summary>The deadline the last reminder was sent for, so that a retried reminder is not sent twice.</summary>
    public DateTimeOffset? LastReminderFor { get; private set; }

    /// <summary>Optimistic-concurrency token: every change to the case increments it.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<Evidence> Evidence => _evidence;

    public IReadOnlyList<Offer> Offers => _offers;

    public IReadOnlyList<BlindBid> BlindBids => _blindBids;

    public IReadOnlyList<MediationProposal> Proposals => _proposals;

    public IReadOnlyList<EvidenceRequest> EvidenceRequests => _evidenceRequests;

    public IReadOnlyList<IssuedDocument> Documents => _documents;

    /// <summary>Notices that could not be delivered, until they are: the neutral, the parties and admins see them.</summary>
    public IReadOnlyList<UndeliveredNotice> UndeliveredNotices => _undeliveredNotices;

    /// <summary>Whether the notice that tells the seller of the complaint is known to be undelivered.</summary>
    public bool SellerUnreached => _undeliveredNotices.Any(n => n.Recipient == CaseRole.Seller && n.Kind == ComplaintNoticeKind);

    /// <summary>The kind of the notice that tells the seller of the complaint and starts its response period.</summary>
    public const string ComplaintNoticeKind = "ComplaintFiled";

    /// <summary>A claim for money: blind bidding applies only to these.</summary>
    public bool IsMoneyClaim => RequestedRemedy.Type is RemedyType.FullRefund or RemedyType.PartialRefund or RemedyType.ReturnAndRefund;

    /// <summary>The amount in dispute: the partial refund asked for, or else the amount paid.</summary>
    public Money ClaimedAmount => RequestedRemedy.Amount ?? Order.AmountPaid;

    /// <summary>Files a complaint. The case starts in <see cref="DisputeStage.AwaitingResponse"/> with the seller's deadline.</summary>
    public static DisputeCase File(DisputeId id, CaseNumber number, Buyer buyer, Seller seller, OrderDetails order,
        ClaimType claimType, string description, Remedy remedy, CaseLanguage language, LawCode? choiceOfLaw,
        bool buyerConsentsToArbitration, DateTimeOffset now, TimeSpan responsePeriod)
    {
        if (responsePeriod <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(responsePeriod), "The response period must be positive.");
        }
        EnsureText(order.Marketplace, OrderDetails.MarketplaceMaxLength, "marketplace");
        EnsureText(order.OrderReference, OrderDetails.OrderReferenceMaxLength, "orderReference");
        EnsureText(order.Item, OrderDetails.ItemMaxLength, "item");
        EnsureText(description, DescriptionMaxLength, "description");
        EnsureText(seller.Name, Seller.NameMaxLength, "seller.name");
        if (order.OrderDate > DateOnly.FromDateTime(now.UtcDateTime + OrderDateTolerance))
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "The order date cannot be in the future.", "orderDate");
        }
        if (order.AmountPaid.IsZero)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "The amount paid must be more than zero.", "amount.value");
        }
        // The remedy was checked against the amount paid when it was made; check again so no path skips it.
        _ = Remedy.Create(remedy.Type, remedy.Amount, order.AmountPaid);

        var dispute = new DisputeCase
        {
            Id = id,
            Number = number,
            Buyer = buyer,
            Seller = seller,
            Order = order,
            ClaimType = claimType,
            Description = description,
            RequestedRemedy = remedy,
            Language = language,
            ChoiceOfLaw = choiceOfLaw,
            BuyerConsentsToArbitration = buyerConsentsToArbitration,
            Stage = DisputeStage.AwaitingResponse,
            CreatedAt = now,
            Deadline = now + responsePeriod,
        };
        dispute.Raise(new DisputeFiled(id, number, dispute.Deadline.Value, now));
        return dispute;
    }

    /// <summary>
    /// The part <paramref name="user"/> plays in this case, or none. A seller is whoever has confirmed the
    /// e-mail address named on the case; neutrals are those assigned to it.
    /// </summary>
    public CaseRole? RoleOf(UserId user, EmailAddress? confirmedEmail)
    {
        if (Buyer.UserId == user)
        {
            return CaseRole.Buyer;
        }
        if (confirmedEmail is { } email && email == Seller.Email)
        {
            return CaseRole.Seller;
        }
        if (MediatorId == user)
        {
            return CaseRole.Mediator;
        }
        if (ArbitratorId == user)
        {
            return CaseRole.Arbitrator;
        }
        return null;
    }

    // ---- Response ------------------------------------------------------------------------------------------------

    /// <summary>The seller's answer: accepting settles; a counter-offer or a contest opens negotiation.</summary>
    public void Respond(CaseRole by, ResponseAction action, Remedy? counterOffer, string? offerMessage, string? statement,
        bool consentsToArbitration, DateTimeOffset now, StagePeriods periods)
    {
        EnsureRole(by, CaseRole.Seller, "respond to the complaint");
        EnsureStage("respond", DisputeStage.AwaitingResponse);
        var trimmed = statement?.Trim() ?? "";
        if (trimmed.Length > StatementMaxLength)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"The statement has at most {StatementMaxLength} characters.", "statement");
        }
        if (action == Disputes.ResponseAction.Contest && trimmed.Length == 0)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "Say why you contest the complaint.", "statement");
        }
        if (action == Disputes.ResponseAction.CounterOffer && counterOffer is null)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "A counter-offer needs the remedy you offer.", "offer.remedy");
        }

        ResponseAction = action;
        ResponseStatement = trimmed.Length == 0 ? null : trimmed;
        RespondedAt = now;
        SellerConsentsToArbitration = consentsToArbitration;
        Raise(new SellerResponded(Id, action, consentsToArbitration, now));
        switch (action)
        {
            case Disputes.ResponseAction.Accept:
                Settle(SettlementStage.Response, RequestedRemedy, DisputeTrigger.SellerAccepted, now, periods);
                break;
            case Disputes.ResponseAction.CounterOffer:
                MoveTo(DisputeTrigger.SellerCounterOffered, now, periods);
                AddOffer(CaseRole.Seller, counterOffer!, offerMessage, now);
                break;
            default:
                MoveTo(DisputeTrigger.SellerContested, now, periods);
                break;
        }
    }

    // ---- Negotiation ---------------------------------------------------------------------------------------------

    /// <summary>A party proposes terms, in negotiation or mediation. Earlier open offers are superseded.</summary>
    public Offer MakeOffer(CaseRole by, Remedy remedy, string? message, DateTimeOffset now)
    {
        EnsureParty(by, "make an offer");
        EnsureStage("make an offer", DisputeStage.Negotiation, DisputeStage.Mediation);
        return AddOffer(by, remedy, message, now);
    }

    public void AcceptOffer(CaseRole by, OfferId offerId, DateTimeOffset now, StagePeriods periods)
    {
        EnsureParty(by, "accept an offer");
        EnsureStage("accept an offer", DisputeStage.Negotiation, DisputeStage.Mediation);
        var offer = OpenOfferFor(by, offerId);
        offer.Decide(OfferStatus.Accepted, now);
        foreach (var other in _offers.Where(o => o.Status == OfferStatus.Open))
        {
            other.Decide(OfferStatus.Superseded, now);
        }
        Raise(new OfferAccepted(Id, offerId, by, now));
        Settle(Stage == DisputeStage.Negotiation ? SettlementStage.Negotiation : SettlementStage.Mediation, offer.Remedy,
            DisputeTrigger.OfferAccepted, now, periods);
    }

    public void RejectOffer(CaseRole by, OfferId offerId, DateTimeOffset now)
    {
        EnsureParty(by, "reject an offer");
        EnsureStage("reject an offer", DisputeStage.Negotiation, DisputeStage.Mediation);
        OpenOfferFor(by, offerId).Decide(OfferStatus.Rejected, now);
        Touch();
        Raise(new OfferRejected(Id, offerId, by, now));
    }

    /// <summary>
    /// A confidential figure: the buyer's lowest acceptable refund, or the seller's highest. When the latest figures of
    /// both are within <paramref name="maxGapPercent"/> of the claimed amount, the case settles at their midpoint;
    /// when the seller's is at or above the buyer's, at the buyer's. Neither figure is ever disclosed.
    /// </summary>
    public BlindBidResult PlaceBlindBid(CaseRole by, Money amount, decimal maxGapPercent, DateTimeOffset now, StagePeriods periods)
    {
        EnsureParty(by, "place a blind bid");
        EnsureStage("place a blind bid", DisputeStage.Negotiation);
        if (!IsMoneyClaim)
        {
            throw new DomainException(DomainErrorCode.Conflict, "Blind bidding is for money claims; this claim asks for a replacement or repair.");
        }
        if (amount.Currency != Order.AmountPaid.Currency)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"Bid in the currency paid ({Order.AmountPaid.Currency.Code}).", "amount.currency");
        }
        if (amount.IsZero || amount.IsGreaterThan(Order.AmountPaid))
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"A bid is more than zero and at most the amount paid ({Order.AmountPaid}).", "amount.value");
        }
        var round = _blindBids.Count(b => b.Party == by) + 1;
        if (round > BlindBid.MaxRoundsPerParty)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"Each party may bid at most {BlindBid.MaxRoundsPerParty} times.");
        }
        _blindBids.Add(new BlindBid(BlindBidId.New(), Id, by, round, amount, now));
        Touch();
        Raise(new BlindBidPlaced(Id, by, round, now));

        var demand = _blindBids.Where(b => b.Party == CaseRole.Buyer).MaxBy(b => b.Round)?.Amount;
        var offer = _blindBids.Where(b => b.Party == CaseRole.Seller).MaxBy(b => b.Round)?.Amount;
        Money? agreed = null;
        if (demand is { } d && offer is { } o)
        {
            if (!d.IsGreaterThan(o))
            {
                agreed = d;
            }
            else if (d.Value - o.Value <= ClaimedAmount.Value * maxGapPercent / 100m)
            {
                agreed = d.MidpointWith(o);
            }
        }
        if (agreed is { } settledAmount)
        {
            Settle(SettlementStage.Negotiation, Remedy.Create(RemedyType.PartialRefund, settledAmount, Order.AmountPaid),
                DisputeTrigger.BlindBidsMatched, now, periods);
        }
        return new BlindBidResult(round, BlindBid.MaxRoundsPerParty - round, agreed is not null, agreed);
    }

    /// <summary>A party moves the case on: negotiation to mediation; mediation to arbitration (or, without both consents, closed).</summary>
    public void Escalate(CaseRole by, string? reason, DateTimeOffset now, StagePeriods periods)
    {
        EnsureParty(by, "escalate the case");
        EnsureStage("escalate", DisputeStage.Negotiation, DisputeStage.Mediation);
        var text = OptionalText(reason, NoteMaxLength, "reason");
        EscalationReason = text.Length == 0 ? null : text;
        if (Stage == DisputeStage.Negotiation)
        {
            var from = Stage;
            MoveTo(DisputeTrigger.PartyEscalated, now, periods);
            Raise(new DisputeEscalated(Id, from, Stage, EscalatedBy.Party, by, now));
        }
        else
        {
            EndMediation(DisputeTrigger.PartyEscalated, EscalatedBy.Party, by, now, periods);
        }
    }

    /// <summary>
    /// The workflow's deadline for <paramref name="expected"/> (due at <paramref name="expectedDeadline"/>) ran out.
    /// A stale timer (the case has moved on, or its deadline changed) changes nothing: returns false.
    /// </summary>
    /// The seller's response deadline does not pass while the seller has not been reached
    /// (<paramref name="sellerReached"/>: the notice of the complaint has not been delivered): nobody may lose a period
    /// they were never told of. It is recorded as held, and starts afresh when the notice is delivered
    /// (<see cref="RecordNoticeDelivered"/>).
    public bool ExpireDeadline(DisputeStage expected, DateTimeOffset expectedDeadline, DateTimeOffset now, StagePeriods periods,
        bool sellerReached = true)
    {
        if (Stage != expected || Deadline != expectedDeadline || now < expectedDeadline)
        {
            return false;
        }
        if (Stage == DisputeStage.AwaitingResponse && !sellerReached)
        {
            Touch();
            Raise(new DeadlineHeld(Id, Stage, expectedDeadline, CaseRole.Seller, now));
            return false;
        }
        switch (Stage)
        {
            case DisputeStage.AwaitingResponse:
            case DisputeStage.Negotiation:
                var from = Stage;
                MoveTo(DisputeTrigger.DeadlinePassed, now, periods);
                Raise(new DisputeEscalated(Id, from, Stage, EscalatedBy.Deadline, null, now));
                break;
            case DisputeStage.Mediation:
                EndMediation(DisputeTrigger.DeadlinePassed, EscalatedBy.Deadline, null, now, periods);
                break;
            case DisputeStage.Arbitration:
                // No award in time: the arbitrator is replaced and the new one gets a full period.
                ReplacedArbitratorId = ArbitratorId;
                ArbitratorId = null;
                MoveTo(DisputeTrigger.DeadlinePassed, now, periods);
                Raise(new DisputeEscalated(Id, DisputeStage.Arbitration, DisputeStage.Arbitration, EscalatedBy.Deadline, null, now));
                break;
            case DisputeStage.Compliance:
                Close(DisputeTrigger.DeadlinePassed, Outcome!.Value, now, periods);
                break;
            default:
                return false;
        }
        return true;
    }

    /// <summary>Records that the reminder for the current deadline went out; false if it is stale or already recorded.</summary>
    public bool RecordReminder(DisputeStage stage, DateTimeOffset deadline, DateTimeOffset now)
    {
        if (Stage != stage || Deadline != deadline || LastReminderFor == deadline)
        {
            return false;
        }
        LastReminderFor = deadline;
        Touch();
        Raise(new ReminderSent(Id, stage, deadline, now));
        return true;
    }

    /// <summary>
    /// A notice (by its key) to <paramref name="recipient"/> could not be delivered: it is kept on the case for the
    /// neutral, the parties and admins to see. False if it is already recorded.
    /// </summary>
    public bool RecordNoticeUndelivered(string noticeKey, CaseRole recipient, string kind, DateTimeOffset now)
    {
        if (_undeliveredNotices.Any(n => n.Key == noticeKey))
        {
            return false;
        }
        _undeliveredNotices.Add(new UndeliveredNotice(noticeKey, Id, recipient, kind, now));
        Touch();
        Raise(new NoticeUndelivered(Id, recipient, kind, now));
        return true;
    }

    /// <summary>
    /// A notice was delivered. If it had been recorded as undelivered it is taken off the case; if it is the notice of
    /// the complaint and the seller's response deadline passed (held) or the notice had been undelivered, the seller
    /// gets a fresh full period from now. False when there was nothing to record (the usual first delivery).
    /// </summary>
    public bool RecordNoticeDelivered(string noticeKey, CaseRole recipient, string kind, DateTimeOffset now, StagePeriods periods)
    {
        var undelivered = _undeliveredNotices.FirstOrDefault(n => n.Key == noticeKey);
        if (undelivered is not null)
        {
            _undeliveredNotices.Remove(undelivered);
        }
        DateTimeOffset? freshDeadline = null;
        if (recipient == CaseRole.Seller && kind == ComplaintNoticeKind && Stage == DisputeStage.AwaitingResponse
            && (undelivered is not null || now >= Deadline))
        {
            Deadline = now + periods.For(DisputeStage.AwaitingResponse);
            freshDeadline = Deadline;
        }
        if (undelivered is null && freshDeadline is null)
        {
            return false;
        }
        Touch();
        Raise(new NoticeDelivered(Id, recipient, kind, freshDeadline, now));
        if (freshDeadline is not null)
        {
            // The same stage again with a new deadline: the workflow starts its clock afresh.
            Raise(new StageChanged(Id, Stage, Stage, Deadline, Version, now));
        }
        return true;
    }

    // ---- Mediation -----------------------------------------------------------------------------------------------

    /// <summary>Assigns the mediator the pool chose; false when one is already assigned or the case has left mediation.</summary>
    public bool AssignMediator(UserId mediator, DateTimeOffset now)
    {
        if (Stage != DisputeStage.Mediation || MediatorId is not null)
        {
            return false;
        }
        if (mediator == Buyer.UserId)
        {
            throw new DomainException(DomainErrorCode.Conflict, "A party cannot mediate its own case.");
        }
        MediatorId = mediator;
        Touch();
        Raise(new NeutralAssigned(Id, CaseRole.Mediator, mediator, now));
        return true;
    }

    public MediationProposal ProposeTerms(CaseRole by, Remedy remedy, string? note, DateTimeOffset now)
    {
        EnsureRole(by, CaseRole.Mediator, "propose terms");
        EnsureStage("propose terms", DisputeStage.Mediation);
        var text = OptionalText(note, MediationProposal.NoteMaxLength, "note");
        _ = Remedy.Create(remedy.Type, remedy.Amount, Order.AmountPaid);
        foreach (var open in _proposals.Where(p => p.Status == ProposalStatus.Open))
        {
            open.Supersede();
        }
        var proposal = new MediationProposal(ProposalId.New(), Id, remedy, text, now);
        _proposals.Add(proposal);
        Touch();
        Raise(new ProposalMade(Id, proposal.Id, remedy, now));
        return proposal;
    }

    public void AcceptProposal(CaseRole by, ProposalId proposalId, DateTimeOffset now, StagePeriods periods)
    {
        EnsureParty(by, "accept a proposal");
        EnsureStage("accept a proposal", DisputeStage.Mediation);
        var proposal = _proposals.FirstOrDefault(p => p.Id == proposalId)
            ?? throw new DomainException(DomainErrorCode.InvalidValue, "There is no such proposal on this case.", "proposalId");
        if (proposal.Status != ProposalStatus.Open)
        {
            throw new DomainException(DomainErrorCode.Conflict, "This proposal is no longer open.");
        }
        if (proposal.AcceptedBy(by))
        {
            throw new DomainException(DomainErrorCode.Conflict, "You have already accepted this proposal.");
        }
        proposal.Accept(by, now);
        Touch();
        Raise(new ProposalAccepted(Id, proposalId, by, now));
        if (proposal.AcceptedByBoth)
        {
            Settle(SettlementStage.Mediation, proposal.Remedy, DisputeTrigger.ProposalAccepted, now, periods);
        }
    }

    /// <summary>The mediator ends mediation without agreement; the note is the non-binding recommendation.</summary>
    public void DeclareImpasse(CaseRole by, string? note, DateTimeOffset now, StagePeriods periods)
    {
        EnsureRole(by, CaseRole.Mediator, "declare an impasse");
        EnsureStage("declare an impasse", DisputeStage.Mediation);
        var text = OptionalText(note, NoteMaxLength, "note");
        MediatorRecommendation = text.Length > 0 ? text : MediatorRecommendation;
        Raise(new ImpasseDeclared(Id, now));
        EndMediation(DisputeTrigger.ImpasseDeclared, EscalatedBy.Mediator, CaseRole.Mediator, now, periods);
    }

    // ---- Arbitration ---------------------------------------------------------------------------------------------

    /// <summary>Assigns the arbitrator the pool chose: never the case's mediator, nor one replaced on it.</summary>
    public bool AssignArbitrator(UserId arbitrator, DateTimeOffset now)
    {
        if (Stage != DisputeStage.Arbitration || ArbitratorId is not null)
        {
            return false;
        }
        if (arbitrator == MediatorId)
        {
            throw new DomainException(DomainErrorCode.Conflict, "The case's mediator cannot arbitrate it.");
        }
        if (arbitrator == ReplacedArbitratorId || arbitrator == Buyer.UserId)
        {
            throw new DomainException(DomainErrorCode.Conflict, "This person cannot arbitrate this case.");
        }
        ArbitratorId = arbitrator;
        Touch();
        Raise(new NeutralAssigned(Id, CaseRole.Arbitrator, arbitrator, now));
        return true;
    }

    public EvidenceRequest RequestEvidence(CaseRole by, CaseRole from, string? request, int dueInDays, DateTimeOffset now)
    {
        EnsureRole(by, CaseRole.Arbitrator, "request evidence");
        EnsureStage("request evidence", DisputeStage.Arbitration);
        if (from is not (CaseRole.Buyer or CaseRole.Seller))
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "Evidence is requested from the buyer or the seller.", "from");
        }
        var text = OptionalText(request, EvidenceRequest.RequestMaxLength, "request");
        if (text.Length == 0)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "Say what evidence is requested.", "request");
        }
        if (dueInDays is < 1 or > EvidenceRequest.MaxDueInDays)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"The due date is 1 to {EvidenceRequest.MaxDueInDays} days away.", "dueInDays");
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

    /// <summary>
    /// The binding award, with reasons and the governing law. A dismissal closes the case; any other decision opens
    /// the seller's compliance period. Refund amounts are at most the amount paid, in its currency.
    /// </summary>
    public void IssueAward(CaseRole by, AwardDecision decision, Money? amount, LawCode governingLaw, string? reasons, DateTimeOffset now,
        StagePeriods periods)
    {
        EnsureRole(by, CaseRole.Arbitrator, "issue the award");
        EnsureStage("issue the award", DisputeStage.Arbitration);
        var text = OptionalText(reasons, ReasonsMaxLength, "reasons");
        if (text.Length == 0)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "An award gives its reasons.", "reasons");
        }
        var paid = Order.AmountPaid;
        Money? awarded = decision switch
        {
            Disputes.AwardDecision.PartialRefund => amount is { } partial && Remedy.TryCreate(RemedyType.PartialRefund, partial, paid, out _, out _)
                ? partial
                : throw new DomainException(DomainErrorCode.InvalidValue, $"A partial refund is more than zero and at most {paid}.", "amount"),
            Disputes.AwardDecision.FullRefund or Disputes.AwardDecision.ReturnAndRefund => amount is null || amount == paid
                ? paid
                : throw new DomainException(DomainErrorCode.InvalidValue, $"A full refund is the amount paid ({paid}).", "amount"),
            _ => amount is null
                ? null
                : throw new DomainException(DomainErrorCode.InvalidValue, "This decision takes no amount.", "amount"),
        };
        ConfirmGoverningLaw(by, governingLaw, now);
        AwardDecision = decision;
        AwardAmount = awarded;
        AwardGoverningLaw = governingLaw;
        AwardReasons = text;
        AwardedAt = now;
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

    // ---- Ending --------------------------------------------------------------------------------------------------

    /// <summary>The buyer ends the case, at any stage before an award.</summary>
    public void Withdraw(CaseRole by, DateTimeOffset now, StagePeriods periods)
    {
        EnsureRole(by, CaseRole.Buyer, "withdraw the complaint");
        EnsureStage("withdraw", DisputeStage.AwaitingResponse, DisputeStage.Negotiation, DisputeStage.Mediation, DisputeStage.Arbitration);
        Raise(new DisputeWithdrawn(Id, Stage, now));
        Close(DisputeTrigger.Withdrawn, DisputeOutcome.Withdrawn, now, periods);
    }

    /// <summary>The buyer says whether the seller carried out the settlement or award; the case closes.</summary>
    public void ReportCompliance(CaseRole by, bool complied, string? note, DateTimeOffset now, StagePeriods periods)
    {
        EnsureRole(by, CaseRole.Buyer, "report compliance");
        EnsureStage("report compliance", DisputeStage.Compliance);
        var text = OptionalText(note, NoteMaxLength, "note");
        Complied = complied;
        ComplianceNote = text.Length == 0 ? null : text;
        Raise(new ComplianceReported(Id, complied, now));
        Close(DisputeTrigger.ComplianceReported, Outcome!.Value, now, periods);
    }

    // ---- Governing law -------------------------------------------------------------------------------------------

    /// <summary>Records facts that only the filing's optional fields carry (legal units, contract type, the clause's details).</summary>
    public void RecordContractFacts(string? buyerSubdivision, string? sellerSubdivision, ContractType contractType,
        ChoiceOfLawSource choiceOfLawSource, bool cisgExpresslyExcluded)
    {
        BuyerSubdivision = buyerSubdivision;
        SellerSubdivision = sellerSubdivision;
        ContractType = contractType;
        ChoiceOfLawSource = choiceOfLawSource;
        CisgExpresslyExcluded = cisgExpresslyExcluded;
    }

    /// <summary>The facts of this case as the governing-law rules read them.</summary>
    public AssessmentRequest ToAssessmentRequest() => new()
    {
        ContractDate = Order.OrderDate,
        Buyer = new PartyFacts(Buyer.Country, BuyerSubdivision),
        BuyerType = Buyer.Type,
        Seller = new PartyFacts(Seller.Country, SellerSubdivision),
        SellerType = Seller.Type,
        SellerDirectsToBuyerCountry = Seller.DirectsToBuyerCountry,
        ContractType = ContractType,
        ChoiceOfLaw = ChoiceOfLaw,
        ChoiceOfLawSource = ChoiceOfLawSource,
        CisgExpresslyExcluded = CisgExpresslyExcluded,
    };

    /// <summary>(Re)computes the service's suggestion from the case's current facts.</summary>
    public Assessment SuggestGoverningLaw(GoverningLawEngine engine, DateTimeOffset now)
    {
        var assessment = engine.Assess(ToAssessmentRequest());
        GoverningLawSuggestion = assessment;
        Touch();
        Raise(new GoverningLawSuggested(Id, assessment, now));
        return assessment;
    }

    /// <summary>A party corrects a fact the law turns on; the suggestion is computed again. Not once the law is confirmed.</summary>
    public void CorrectContractFacts(CaseRole by, ContractFactsCorrection correction, GoverningLawEngine engine, DateTimeOffset now)
    {
        EnsureParty(by, "correct the facts");
        EnsureNotClosed("correct the facts");
        if (ConfirmedGoverningLaw is not null)
        {
            throw new DomainException(DomainErrorCode.Conflict, "The arbitrator has confirmed the governing law; the facts it rests on can no longer change.");
        }
        var changed = new List<string>();
        if (correction.BuyerSubdivision is { } buyerUnit)
        {
            EnsureUnit(engine.Data, Buyer.Country, buyerUnit, "buyerSubdivision");
            BuyerSubdivision = buyerUnit.ToUpperInvariant();
            changed.Add("buyerSubdivision");
        }
        if (correction.SellerSubdivision is { } sellerUnit)
        {
            EnsureUnit(engine.Data, Seller.Country, sellerUnit, "sellerSubdivision");
            SellerSubdivision = sellerUnit.ToUpperInvariant();
            changed.Add("sellerSubdivision");
        }
        if (correction.SellerDirectsToBuyerCountry is { } directs)
        {
            Seller = Seller with { DirectsToBuyerCountry = directs };
            changed.Add("sellerDirectsToBuyerCountry");
        }
        if (correction.RemoveChoiceOfLaw)
        {
            ChoiceOfLaw = null;
            changed.Add("choiceOfLaw");
        }
        else if (correction.ChoiceOfLaw is { } choice)
        {
            ChoiceOfLaw = choice;
            changed.Add("choiceOfLaw");
        }
        if (correction.ChoiceOfLawSource is { } source)
        {
            ChoiceOfLawSource = source;
            changed.Add("choiceOfLawSource");
        }
        if (correction.ContractType is { } type)
        {
            ContractType = type;
            changed.Add("contractType");
        }
        if (correction.CisgExpresslyExcluded is { } excluded)
        {
            CisgExpresslyExcluded = excluded;
            changed.Add("cisgExpresslyExcluded");
        }
        if (changed.Count == 0)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "Name at least one fact to correct.", "body");
        }
        Touch();
        Raise(new ContractFactsCorrected(Id, by, changed, now));
        SuggestGoverningLaw(engine, now);
    }

    /// <summary>A party's position on the governing law, until the award.</summary>
    public void TakeGoverningLawPosition(CaseRole by, LawCode law, string? reason, DateTimeOffset now)
    {
        EnsureParty(by, "state a position on the governing law");
        EnsureStage("state a position on the governing law", DisputeStage.AwaitingResponse, DisputeStage.Negotiation, DisputeStage.Mediation,
            DisputeStage.Arbitration);
        var text = OptionalText(reason, LawPosition.ReasonMaxLength, "reason");
        var position = new LawPosition(law, text.Length == 0 ? null : text, now);
        if (by == CaseRole.Buyer)
        {
            BuyerLawPosition = position;
        }
        else
        {
            SellerLawPosition = position;
        }
        Touch();
        Raise(new GoverningLawPositionTaken(Id, by, law, now));
    }

    /// <summary>The arbitrator confirms the law that governs; the award must apply it (issuing the award confirms it too).</summary>
    public void ConfirmGoverningLaw(CaseRole by, LawCode law, DateTimeOffset now)
    {
        EnsureRole(by, CaseRole.Arbitrator, "confirm the governing law");
        EnsureStage("confirm the governing law", DisputeStage.Arbitration);
        if (ConfirmedGoverningLaw == law)
        {
            return;
        }
        ConfirmedGoverningLaw = law;
        GoverningLawConfirmedAt = now;
        Touch();
        Raise(new GoverningLawConfirmed(Id, law, now));
    }

    private static void EnsureUnit(LegalData data, CountryCode country, string unit, string field)
    {
        if (!data.IsKnownSubdivision(country, unit))
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"'{unit}' is not a legal unit of {country.Value}.", field);
        }
    }

    // ---- Chat ----------------------------------------------------------------------------------------------------

    /// <summary>The chat channels <paramref name="role"/> may read: the joint room, and a party's own caucus (the mediator: both).</summary>
    public static IReadOnlyList<ChatChannel> ReadableChannels(CaseRole role) => role switch
    {
        CaseRole.Buyer => [ChatChannel.Joint, ChatChannel.CaucusBuyer],
        CaseRole.Seller => [ChatChannel.Joint, ChatChannel.CaucusSeller],
        CaseRole.Mediator => [ChatChannel.Joint, ChatChannel.CaucusBuyer, ChatChannel.CaucusSeller],
        CaseRole.Arbitrator => [ChatChannel.Joint],
        _ => [],
    };

    /// <summary>
    /// Records a chat message (its commitment: the text's salted hash). The joint room is open to the parties and the neutrals
    /// until the case closes; a caucus exists only in mediation, between the mediator and that one party.
    /// </summary>
    public void RecordMessagePosted(Guid messageId, ChatChannel channel, CaseRole by, string commitment, DateTimeOffset now)
    {
        if (Stage == DisputeStage.Closed)
        {
            throw new DomainException(DomainErrorCode.StageDoesNotAllow, "The case is closed: its chat is a read-only transcript.");
        }
        if (!ReadableChannels(by).Contains(channel))
        {
            throw new DomainException(DomainErrorCode.NotPermitted, "You cannot write in that channel.");
        }
        if (channel != ChatChannel.Joint && (Stage != DisputeStage.Mediation || MediatorId is null))
        {
            throw new DomainException(DomainErrorCode.StageDoesNotAllow, "A private caucus with the mediator is held during mediation only.");
        }
        Touch();
        Raise(new MessagePosted(Id, messageId, channel, by, commitment, now));
    }

    // ---- Documents -----------------------------------------------------------------------------------------------

    /// <summary>The document that records this case's outcome, if the outcome calls for one.</summary>
    public DocumentKind? OutcomeDocument => Outcome switch
    {
        DisputeOutcome.Settled => DocumentKind.Settlement,
        DisputeOutcome.Awarded or DisputeOutcome.Dismissed => DocumentKind.Ruling,
        DisputeOutcome.Unresolved => DocumentKind.Recommendation,
        _ => null,
    };

    /// <summary>Whether the outcome's document still has to be issued.</summary>
    public bool AwaitsDocument(DocumentKind kind) => OutcomeDocument == kind && _documents.All(d => d.Kind != kind);

    /// <summary>Records that the outcome's signed document was issued, with its hash and verification code. One per outcome.</summary>
    public IssuedDocument RecordDocumentIssued(DocumentId documentId, DocumentKind kind, string sha256, string verificationCode, long sizeBytes,
        DateTimeOffset now)
    {
        if (OutcomeDocument != kind)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"This case's outcome is not recorded in a {kind.ToString().ToLowerInvariant()}.");
        }
        if (_documents.Any(d => d.Kind == kind))
        {
            throw new DomainException(DomainErrorCode.Conflict, $"The {kind.ToString().ToLowerInvariant()} was already issued.");
        }
        var document = new IssuedDocument(documentId, Id, kind, sha256, verificationCode, sizeBytes, now);
        _documents.Add(document);
        Touch();
        Raise(new DocumentIssued(Id, documentId.Value, kind, sha256, verificationCode, now));
        return document;
    }

    // ---- Evidence ------------------------------------------------------------------------------------------------

    /// <summary>Records a party's evidence file. Allowed at any stage before the case closes; answers that party's open requests.</summary>
    public Evidence AddEvidence(EvidenceId evidenceId, CaseRole submittedBy, UserId submittedByUser, string fileName,
        string contentType, long sizeBytes, string sha256, string description, DateTimeOffset now)
    {
        EnsureParty(submittedBy, "add evidence");
        EnsureNotClosed("add evidence");
        if (_evidence.Count >= MaxEvidenceFiles)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"A case holds at most {MaxEvidenceFiles} evidence files.");
        }
        if (sizeBytes <= 0)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "An evidence file cannot be empty.", "file");
        }
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("The SHA-256 must be 64 lower-case hex digits.", nameof(sha256));
        }
        EnsureText(fileName, Disputes.Evidence.FileNameMaxLength, "file");
        if (description.Length > Disputes.Evidence.DescriptionMaxLength)
        {
            throw new DomainException(DomainErrorCode.InvalidValue,
                $"The description has at most {Disputes.Evidence.DescriptionMaxLength} characters.", "description");
        }

        var evidence = new Evidence(evidenceId, Id, submittedBy, submittedByUser, fileName, contentType, sizeBytes, sha256,
            description, now);
        _evidence.Add(evidence);
        foreach (var request in _evidenceRequests.Where(r => r.From == submittedBy && r.Status == EvidenceRequestStatus.Open))
        {
            request.Close(EvidenceRequestStatus.Answered);
        }
        Touch();
        Raise(new EvidenceAdded(Id, evidenceId, submittedBy, sha256, sizeBytes, contentType, now));
        return evidence;
    }

    // ---- Moves ---------------------------------------------------------------------------------------------------

    private void Settle(SettlementStage at, Remedy terms, DisputeTrigger trigger, DateTimeOffset now, StagePeriods periods)
    {
        AgreedRemedy = terms;
        Outcome = DisputeOutcome.Settled;
        SettledAt = at;
        Raise(new DisputeSettled(Id, at, terms, now));
        MoveTo(trigger, now, periods);
    }

    private void EndMediation(DisputeTrigger trigger, EscalatedBy by, CaseRole? byRole, DateTimeOffset now, StagePeriods periods)
    {
        if (BothConsentToArbitration)
        {
            MoveTo(trigger, now, periods);
            Raise(new DisputeEscalated(Id, DisputeStage.Mediation, DisputeStage.Arbitration, by, byRole, now));
        }
        else
        {
            // However mediation ends unresolved, the parties keep the mediator's view: the impasse note, else the last proposal.
            MediatorRecommendation ??= _proposals.LastOrDefault(p => p.Note.Length > 0)?.Note;
            Close(trigger, DisputeOutcome.Unresolved, now, periods);
        }
    }

    private void Close(DisputeTrigger trigger, DisputeOutcome outcome, DateTimeOffset now, StagePeriods periods)
    {
        Outcome = outcome;
        MoveTo(trigger, now, periods);
        Raise(new DisputeClosed(Id, outcome, SettledAt, Complied, now));
    }

    /// <summary>The one place a stage changes: the rules pick the target, the new stage gets its deadline.</summary>
    private void MoveTo(DisputeTrigger trigger, DateTimeOffset now, StagePeriods periods)
    {
        var from = Stage;
        var to = DisputeStageRules.Target(from, trigger, BothConsentToArbitration);
        Stage = to;
        Deadline = to == DisputeStage.Closed ? null : now + periods.For(to);
        if (to == DisputeStage.Closed)
        {
            ClosedAt = now;
        }
        Touch();
        Raise(new StageChanged(Id, from, to, Deadline, Version, now));
    }

    private Offer AddOffer(CaseRole by, Remedy remedy, string? message, DateTimeOffset now)
    {
        _ = Remedy.Create(remedy.Type, remedy.Amount, Order.AmountPaid);
        var text = OptionalText(message, Offer.MessageMaxLength, "message");
        if (_offers.Count >= MaxOffers)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"A case holds at most {MaxOffers} offers.");
        }
        foreach (var open in _offers.Where(o => o.Status == OfferStatus.Open))
        {
            open.Decide(OfferStatus.Superseded, now);
        }
        var offer = new Offer(OfferId.New(), Id, by, remedy, text.Length == 0 ? null : text, now);
        _offers.Add(offer);
        Touch();
        Raise(new OfferMade(Id, offer.Id, by, remedy, now));
        return offer;
    }

    private Offer OpenOfferFor(CaseRole by, OfferId offerId)
    {
        var offer = _offers.FirstOrDefault(o => o.Id == offerId)
            ?? throw new DomainException(DomainErrorCode.InvalidValue, "There is no such offer on this case.", "offerId");
        if (offer.From == by)
        {
            throw new DomainException(DomainErrorCode.NotPermitted, "Only the other party can accept or reject an offer.");
        }
        if (offer.Status != OfferStatus.Open)
        {
            throw new DomainException(DomainErrorCode.Conflict, $"This offer is no longer open (it was {offer.Status.ToString().ToLowerInvariant()}).");
        }
        return offer;
    }

    private void EnsureStage(string action, params DisputeStage[] allowed)
    {
        if (!allowed.Contains(Stage))
        {
            throw new DomainException(DomainErrorCode.StageDoesNotAllow,
                $"The case is in {DisputeStageRules.Name(Stage)}: you cannot {action} now.");
        }
    }

    private void EnsureNotClosed(string action)
    {
        if (Stage == DisputeStage.Closed)
        {
            throw new DomainException(DomainErrorCode.StageDoesNotAllow, $"The case is closed: you can no longer {action}.");
        }
    }

    private static void EnsureRole(CaseRole actual, CaseRole required, string action)
    {
        if (actual != required)
        {
            throw new DomainException(DomainErrorCode.NotPermitted, $"Only the {required.ToString().ToLowerInvariant()} can {action}.");
        }
    }

    private static void EnsureParty(CaseRole actual, string action)
    {
        if (actual is not (CaseRole.Buyer or CaseRole.Seller))
        {
            throw new DomainException(DomainErrorCode.NotPermitted, $"Only the buyer or the seller can {action}.");
        }
    }

    private void Touch() => Version++;

    private static string OptionalText(string? value, int maxLength, string field)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length > maxLength)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"{field} has at most {maxLength} characters.", field);
        }
        return trimmed;
    }

    private static void EnsureText(string value, int maxLength, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"{field} is required.", field);
        }
        if (value.Length > maxLength)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"{field} has at most {maxLength} characters.", field);
        }
    }
}
