using Odr.Domain.Common;

namespace Odr.Domain.Parties;

/// <summary>
/// The party complained about. Known by the e-mail address on the case: whoever confirms that address owns the
/// seller's side of the case. <see cref="DirectsToBuyerCountry"/> records whether the seller targets the buyer's
/// country (Rome I Art. 6(1)(b)), which the governing-law rules need.
/// </summary>
public sealed record Seller(string Name, EmailAddress Email, CountryCode Country, SellerType Type, YesNoUnknown DirectsToBuyerCountry)
{
    public const int NameMaxLength = 200;
}
