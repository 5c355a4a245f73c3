using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Sellers;

/// <summary>
/// Who a seller is, by a statement someone answers for: the seller's own profile (<see cref="BySeller"/>), or the
/// verification of a marketplace that filed a case against it (the marketplace's name). Never the buyer's filing.
/// </summary>
public sealed record SellerIdentity(string Name, SellerType Type, string Country, string VerifiedBy, string? RegistrationNumber = null)
{
    public const string BySeller = "seller";

    public bool IsOwnStatement => VerifiedBy == BySeller;

    public static SellerIdentity Of(SellerProfile profile) =>
        new(profile.Name, profile.Type, profile.Country.Value, BySeller, profile.RegistrationNumber);
}

/// <summary>
/// Looks up sellers' identities for the public record, the regulators' figures, case pages and documents. A seller's own
/// profile comes first (it is the seller's word on itself); without one, the latest marketplace verification stands; a
/// seller with neither has no identity, only what buyers said of it.
/// </summary>
public sealed class SellerIdentities(OdrDbContext db)
{
    public async Task<SellerIdentity?> OfAsync(EmailAddress email, CancellationToken ct) =>
        (await OfAsync([email], ct)).GetValueOrDefault(email);

    public async Task<Dictionary<EmailAddress, SellerIdentity>> OfAsync(IReadOnlyCollection<EmailAddress> emails, CancellationToken ct)
    {
        var identities = (await db.Set<SellerProfile>().AsNoTracking().Where(p => emails.Contains(p.Email)).ToListAsync(ct))
            .ToDictionary(p => p.Email, SellerIdentity.Of);
        var unstated = emails.Where(e => !identities.ContainsKey(e)).Distinct().ToList();
        if (unstated.Count > 0)
        {
            var verified = await db.Cases.AsNoTracking().Where(c => unstated.Contains(c.Seller.Email) && c.SellerVerifiedBy != null)
                .Select(c => new { c.Seller.Email, c.Seller.Name, c.Seller.Type, c.Seller.Country, c.SellerVerifiedBy, c.CreatedAt })
                .ToListAsync(ct);
            foreach (var latest in verified.GroupBy(v => v.Email).Select(g => g.MaxBy(v => v.CreatedAt)!))
            {
                identities[latest.Email] = new SellerIdentity(latest.Name, latest.Type, latest.Country.Value, latest.SellerVerifiedBy!);
            }
        }
        return identities;
    }

    /// <summary>
    /// The seller of one case: the verification its filing marketplace gave on this very case, else the seller's own
    /// profile (else, through another marketplace's filing, that one's); none when only the buyer named the seller.
    /// </summary>
    public async Task<SellerIdentity?> ForCaseAsync(DisputeCase c, CancellationToken ct) =>
        c.SellerVerifiedBy is { } marketplace
            ? new SellerIdentity(c.Seller.Name, c.Seller.Type, c.Seller.Country.Value, marketplace)
            : await OfAsync(c.Seller.Email, ct);
}
