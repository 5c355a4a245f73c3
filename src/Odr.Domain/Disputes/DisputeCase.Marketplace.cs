using Odr.Domain.Common;

namespace Odr.Domain.Disputes;

/// <summary>Who filed a case: the buyer itself, or a marketplace on the buyer's behalf.</summary>
public enum CaseFiler
{
    Buyer,
    Marketplace,
}

/// <summary>A case filed by a marketplace: the marketplace vouches for the seller's identity and the order.</summary>
public sealed partial class DisputeCase
{
    public const int VerifierNameMaxLength = 100;

    public CaseFiler FiledBy { get; private set; }

    /// <summary>The marketplace that vouches for the seller's name and type; none when they are as stated by the buyer.</summary>
    public string? SellerVerifiedBy { get; private set; }

    /// <summary>
    /// Marks a case just filed as the marketplace's filing, while it awaits the response; once recorded, who filed it and who
    /// vouched for the seller never change.
    /// </summary>
    public void RecordMarketplaceFiling(string marketplaceName)
    {
        EnsureText(marketplaceName, VerifierNameMaxLength, "marketplace");
        if (FiledBy == CaseFiler.Marketplace || Stage != DisputeStage.AwaitingResponse)
        {
            throw new DomainException(DomainErrorCode.Conflict, "Only a case being filed can be recorded as a marketplace's filing.", null, "marketplaceFilingTooLate");
        }
        FiledBy = CaseFiler.Marketplace;
        SellerVerifiedBy = marketplaceName;
    }
}
