using Odr.Domain.Common;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>
/// One dispute between a buyer and a seller: the facts as filed, who takes part, where the case stands and
/// what has been put before it. The aggregate guards every rule; time always arrives as a parameter.
/// </summary>
public sealed class DisputeCase : Entity<DisputeId>
{
    public const int DescriptionMaxLength = 10_000;
    public const int MaxEvidenceFiles = 50;

    /// <summary>An order date may be one day past today's UTC date: the buyer may live east of UTC.</summary>
    private static readonly TimeSpan OrderDateTolerance = TimeSpan.FromDays(1);

    private readonly List<Evidence> _evidence = [];

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

    /// <summary>Unknown until the seller responds.</summary>
    public bool? SellerConsentsToArbitration { get; private set; }

    public DisputeStage Stage { get; private set; }

    public DisputeOutcome? Outcome { get; private set; }

    public SettlementStage? SettledAt { get; private set; }

    /// <summary>When the current stage's clock runs out; none once the case is closed.</summary>
    public DateTimeOffset? Deadline { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Optimistic-concurrency token: every change to the case increments it.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<Evidence> Evidence => _evidence;

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
    /// e-mail address named on the case.
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
        return null;
    }

    /// <summary>Records a party's evidence file. Allowed at any stage before the case closes.</summary>
    public Evidence AddEvidence(EvidenceId evidenceId, CaseRole submittedBy, UserId submittedByUser, string fileName,
        string contentType, long sizeBytes, string sha256, string description, DateTimeOffset now)
    {
        if (submittedBy is not (CaseRole.Buyer or CaseRole.Seller))
        {
            throw new DomainException(DomainErrorCode.NotPermitted, "Only the buyer or the seller can add evidence.");
        }
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
        Touch();
        Raise(new EvidenceAdded(Id, evidenceId, submittedBy, sha256, sizeBytes, contentType, now));
        return evidence;
    }

    private void EnsureNotClosed(string action)
    {
        if (Stage == DisputeStage.Closed)
        {
            throw new DomainException(DomainErrorCode.StageDoesNotAllow, $"The case is closed: you can no longer {action}.");
        }
    }

    private void Touch() => Version++;

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
