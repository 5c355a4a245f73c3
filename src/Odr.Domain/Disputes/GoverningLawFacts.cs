using Odr.Domain.Common;
using Odr.Domain.GoverningLaw;
using Odr.Domain.Parties;

namespace Odr.Domain.Disputes;

/// <summary>A party's view of which law governs, with its reason.</summary>
public sealed record LawPosition(LawCode Law, string? Reason, DateTimeOffset At)
{
    public const int ReasonMaxLength = 2_000;
}

/// <summary>Facts a party corrects after filing; each null field is left as it was.</summary>
public sealed record ContractFactsCorrection
{
    public YesNoUnknown? SellerDirectsToBuyerCountry { get; init; }
    public LawCode? ChoiceOfLaw { get; init; }
    public bool RemoveChoiceOfLaw { get; init; }
    public ChoiceOfLawSource? ChoiceOfLawSource { get; init; }
    public ContractType? ContractType { get; init; }
    public string? BuyerSubdivision { get; init; }
    public string? SellerSubdivision { get; init; }
    public bool? CisgExpresslyExcluded { get; init; }
}
