using Microsoft.EntityFrameworkCore;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Web.Features.Regulators;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Appeals;

/// <summary>
/// How often awards and dismissals are appealed, and how the appeals end, over all and per arbitrator whose award was
/// appealed (pseudonymised as the other per-neutral figures). Appealable counts the decisions issued with an appeal
/// period; pending, the appeals not yet decided.
/// </summary>
public sealed record AppealFigures(int Appealable, int Appealed, double? AppealRate, int Upheld, int Varied, int SetAside, int Pending,
    IReadOnlyList<ArbitratorAppealFigures> PerArbitrator);

public sealed record ArbitratorAppealFigures(Guid ArbitratorId, string Pseudonym, int Appealable, int Appealed, int Upheld, int Varied, int SetAside);

/// <summary>Reads the appeal figures from the cases' rows: appeals are few, and each case holds its whole appeal.</summary>
public static class AppealStatistics
{
    public static async Task<AppealFigures> ComputeAsync(OdrDbContext db, Pseudonyms pseudonyms, StatsFilter f, CancellationToken ct)
    {
        var query = db.Cases.AsNoTracking().Where(c => c.AppealableUntil != null);
        if (f.Start is { } start)
        {
            query = query.Where(c => c.CreatedAt >= start);
        }
        if (f.End is { } end)
        {
            query = query.Where(c => c.CreatedAt < end);
        }
        if (f.ClaimType is { } type)
        {
            query = query.Where(c => c.ClaimType == type);
        }
        if (f.BuyerCountry is { } buyer && CountryCode.TryParse(buyer, out var buyerCountry))
        {
            query = query.Where(c => c.Buyer.Country == buyerCountry);
        }
        if (f.SellerCountry is { } seller && CountryCode.TryParse(seller, out var sellerCountry))
        {
            query = query.Where(c => c.Seller.Country == sellerCountry);
        }
        if (!string.IsNullOrWhiteSpace(f.Marketplace))
        {
            query = query.Where(c => c.Order.Marketplace == f.Marketplace);
        }
        var rows = await query.Select(c => new { c.AppealedAt, c.AppealDecision, Awarding = c.AppealedAt == null ? c.ArbitratorId : c.AwardingArbitratorId })
            .ToListAsync(ct);
        var appealed = rows.Count(r => r.AppealedAt is not null);
        var perArbitrator = rows.Where(r => r.Awarding is not null).GroupBy(r => r.Awarding!.Value.Value)
            .Select(g => new ArbitratorAppealFigures(g.Key, pseudonyms.Of('N', g.Key.ToString()), g.Count(), g.Count(r => r.AppealedAt is not null),
                g.Count(r => r.AppealDecision == AppealDecision.Upheld), g.Count(r => r.AppealDecision == AppealDecision.Varied),
                g.Count(r => r.AppealDecision == AppealDecision.SetAside)))
            .OrderByDescending(a => a.Appealable).ThenBy(a => a.ArbitratorId).ToList();
        return new AppealFigures(rows.Count, appealed, rows.Count == 0 ? null : Math.Round((double)appealed / rows.Count, 4),
            rows.Count(r => r.AppealDecision == AppealDecision.Upheld), rows.Count(r => r.AppealDecision == AppealDecision.Varied),
            rows.Count(r => r.AppealDecision == AppealDecision.SetAside), rows.Count(r => r.AppealedAt is not null && r.AppealDecision is null),
            perArbitrator);
    }
}
