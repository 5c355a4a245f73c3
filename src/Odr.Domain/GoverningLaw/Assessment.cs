using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;

namespace Odr.Domain.GoverningLaw;

public enum ContractType
{
    Goods,
    Services,
    DigitalContent,
    Mixed,
    Carriage,
    PackageTravel,
    Auction,
}

/// <summary>Rome I Art. 5 treats the carriage of passengers (5(2)) and of goods (5(1)) differently.</summary>
public enum CarriageKind
{
    Passengers,
    Goods,
}

public enum ChoiceOfLawSource
{
    Negotiated,
    SellerTerms,
    PlatformTerms,
}

public enum CisgApplication
{
    Applies,
    DoesNotApply,
    FormationOnly,
    Uncertain,
}

public enum Confidence
{
    High,
    Medium,
    Low,
}

/// <summary>A party's place and capacity, as the rules need them.</summary>
public sealed record PartyFacts(CountryCode Country, string? Subdivision);

/// <summary>The facts of a contract that decide which law governs it (governing-law.md §1.1).</summary>
public sealed record AssessmentRequest
{
    public required DateOnly ContractDate { get; init; }
    public required PartyFacts Buyer { get; init; }
    public required BuyerType BuyerType { get; init; }
    public required PartyFacts Seller { get; init; }
    public required SellerType SellerType { get; init; }
    public YesNoUnknown? SellerDirectsToBuyerCountry { get; init; }
    /// <summary>China's LAL Art. 42 test; when not given, the same as <see cref="SellerDirectsToBuyerCountry"/>.</summary>
    public YesNoUnknown? SellerBusinessActivityInBuyerCountry { get; init; }
    public ContractType ContractType { get; init; } = ContractType.Goods;
    public bool ServicesExclusivelyOutsideConsumerCountry { get; init; }
    /// <summary>CISG Art. 2(a): did the seller know the goods were for personal use? Not given: yes for a consumer.</summary>
    public YesNoUnknown? BuyerPurposePersonalKnown { get; init; }
    public LawCode? ChoiceOfLaw { get; init; }
    public ChoiceOfLawSource ChoiceOfLawSource { get; init; } = ChoiceOfLawSource.SellerTerms;
    public bool CisgExpresslyExcluded { get; init; }
    public bool ConsumerElectsPlaceOfProvisionLaw { get; init; }
    /// <summary>For a contract of carriage: passengers or goods. Not given: passengers for a consumer, goods otherwise (flagged).</summary>
    public CarriageKind? CarriageKind { get; init; }
    /// <summary>Carriage: the place of departure (passengers) or of receipt (goods), Rome I Art. 5.</summary>
    public CountryCode? CarriageFrom { get; init; }
    /// <summary>Carriage: the place of destination (passengers) or of delivery (goods), Rome I Art. 5.</summary>
    public CountryCode? CarriageTo { get; init; }
    /// <summary>A chosen forum or arbitration seat (a forum clause). Binds businesses, not consumers (Brussels Ia Art. 19).</summary>
    public CountryCode? Forum { get; init; }
}

/// <summary>Mandatory rules that apply whatever law governs, at least to the extent of their scope.</summary>
public sealed record MandatoryOverlay(string Law, string Scope, string Basis, bool RequiresConsumerInvocation = false);

/// <summary>
/// One sentence of the reasons, as a <see cref="Refusal"/> is one: a stable <see cref="Code"/> (clients key on it; the web
/// layer renders the reader's sentence from its resource <c>law.reason.{Code}</c>) and the <see cref="Args"/> in its
/// holes. Values that are labels arrive as labels, not words: <see cref="LawCode"/>, <see cref="CountryCode"/> (one or a
/// list), <see cref="Term"/> (a regime's name); citations of articles are data, shown as they are.
/// </summary>
public sealed record Reason(string Code)
{
    /// <summary>
    /// A reason stored before reasons had codes (suggestions saved until December 2026): its <see cref="Args"/> are the
    /// English and the Chinese sentence as they were written, shown as they are.
    /// </summary>
    public const string StoredCode = "stored";

    public IReadOnlyList<object> Args { get; init; } = [];

    public static Reason Stored(string english, string chinese) => new(StoredCode) { Args = [english, chinese] };
}

/// <summary>The engine's suggestion: a governing law with its legal basis, the CISG's place, overlays, confidence and reasons.</summary>
public sealed record Assessment(
    string ReferenceRegime,
    string GoverningLaw,
    IReadOnlyList<string> Basis,
    CisgApplication Cisg,
    string? CisgResidualLaw,
    IReadOnlyList<MandatoryOverlay> MandatoryOverlays,
    Confidence Confidence,
    IReadOnlyList<string> Flags,
    IReadOnlyList<Reason> Reasons,
    string DataVersion);
