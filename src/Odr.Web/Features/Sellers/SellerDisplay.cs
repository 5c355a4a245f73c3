using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;

namespace Odr.Web.Features.Sellers;

/// <summary>How a case names its seller: by a statement someone answers for, or labelled as the buyer's words.</summary>
public static class SellerDisplay
{
    /// <summary>The case's answer with the seller as its own profile states it; unchanged when a marketplace vouches or nobody does.</summary>
    public static CaseResponse WithIdentity(CaseResponse response, SellerIdentity? identity) => identity is { IsOwnStatement: true }
        ? response with
        {
            Seller = response.Seller with
            {
                Name = identity.Name, Type = identity.Type, Country = identity.Country, VerifiedBy = identity.VerifiedBy,
                RegistrationNumber = identity.RegistrationNumber,
            },
        }
        : response;

    /// <summary>The seller's name in a document or an e-mail (English): with who vouches for it, or "as stated by the buyer".</summary>
    public static string NameEn(DisputeCase c, SellerIdentity? identity) => identity switch
    {
        { IsOwnStatement: true } => $"{identity.Name} (as stated by the seller)",
        not null => $"{identity.Name} (verified by {identity.VerifiedBy})",
        null => $"{c.Seller.Name} (as stated by the buyer)",
    };

    public static string NameZh(DisputeCase c, SellerIdentity? identity) => identity switch
    {
        { IsOwnStatement: true } => $"{identity.Name}（卖家自述）",
        not null => $"{identity.Name}（经{identity.VerifiedBy}核实）",
        null => $"{c.Seller.Name}（买家所述）",
    };
}
