using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;
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
    public const int NoteMaxLength = 4_000;

    /// <summary>An order date may be one day past today's UTC date: the buyer may live east of UTC.</summary>
    private static readonly TimeSpan OrderDateTolerance = TimeSpan.FromDays(1);

    private DisputeCase() { } // EF

    public CaseNumber Number { get; private set; }

    public Buyer Buyer { get; private set; } = null!;

    public Seller Seller { get; private set; } = null!;

    public OrderDetails Order { get; private set; } = null!;

    public ClaimType ClaimType { get; private set; }

    public string Description { get; private set; } = "";

    public Remedy RequestedRemedy { get; private set; } = null!;

    public CaseLanguage Language { get; private set; }

    public bool BuyerConsentsToArbitration { get; private set; }

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

    /// <summary>The terms the parties agreed, once settled.</summary>
    public Remedy? AgreedRemedy { get; private set; }

    /// <summary>Optimistic-concurrency token: every change to the case increments it.</summary>
    public int Version { get; private set; }

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
            throw new DomainException(DomainErrorCode.InvalidValue, "The order date cannot be in the future.", "orderDate", "orderDateInFuture");
        }
        if (order.AmountPaid.IsZero)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "The amount paid must be more than zero.", "amount.value", "amountPaidZero");
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

    private void Settle(SettlementStage at, Remedy terms, DisputeTrigger trigger, DateTimeOffset now, StagePeriods periods)
    {
        AgreedRemedy = terms;
        Outcome = DisputeOutcome.Settled;
        SettledAt = at;
        Raise(new DisputeSettled(Id, at, terms, now));
        MoveTo(trigger, now, periods);
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

    // ---- Guards: each rule once, as a refusal or none; the capability questions return it, the commands throw it.

    private static void Ensure(Refusal? refusal)
    {
        if (refusal is not null)
        {
            throw refusal.ToException();
        }
    }

    private Refusal? OnlyIn(string action, params DisputeStage[] allowed) => allowed.Contains(Stage)
        ? null
        : new Refusal(DomainErrorCode.StageDoesNotAllow, "stageDoesNotAllow", $"The case is in {DisputeStageRules.Name(Stage)}: you cannot {action} now.") { Args = [Stage, new Term(action)] };

    private Refusal? WhileOpen(string action) => Stage != DisputeStage.Closed
        ? null
        : new Refusal(DomainErrorCode.StageDoesNotAllow, "caseClosed", $"The case is closed: you can no longer {action}.") { Args = [new Term(action)] };

    private static Refusal? OnlyThe(CaseRole required, CaseRole actual, string action) => actual == required
        ? null
        : new Refusal(DomainErrorCode.NotPermitted, "roleRequired", $"Only the {required.ToString().ToLowerInvariant()} can {action}.") { Args = [required, new Term(action)] };

    private static Refusal? OnlyAParty(CaseRole actual, string action) => actual is CaseRole.Buyer or CaseRole.Seller
        ? null
        : new Refusal(DomainErrorCode.NotPermitted, "partyRequired", $"Only the buyer or the seller can {action}.") { Args = [new Term(action)] };

    private void Touch() => Version++;

    private static string OptionalText(string? value, int maxLength, string field)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length > maxLength)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"{field} has at most {maxLength} characters.", field, "textTooLong") { Args = [field, maxLength] };
        }
        return trimmed;
    }

    private static void EnsureText(string value, int maxLength, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"{field} is required.", field, "textRequired") { Args = [field] };
        }
        if (value.Length > maxLength)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, $"{field} has at most {maxLength} characters.", field, "textTooLong") { Args = [field, maxLength] };
        }
    }
}
