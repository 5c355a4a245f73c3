using Microsoft.Extensions.Localization;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure.Localization;
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

    /// <summary>The seller's name in a document or an e-mail, in the reader's language: with who vouches for it, or "as stated by the buyer".</summary>
    public static string Name(IStringLocalizer<Text> t, DisputeCase c, SellerIdentity? identity) => identity switch
    {
        { IsOwnStatement: true } => t["seller.name.ownStatement", identity.Name],
        not null => t["seller.name.verifiedBy", identity.Name, identity.VerifiedBy],
        null => t["seller.name.buyersWords", c.Seller.Name],
    };
}
