using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Neutrals;

public sealed class NeutralPoolOptions
{
    /// <summary>
    /// Public mail providers: sharing one of these with a party shows no link, unlike sharing an organisation's domain.
    /// </summary>
    public List<string> SharedEmailDomains { get; set; } =
    [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com", "aol.com",
        "proton.me", "protonmail.com", "gmx.de", "gmx.net", "web.de", "t-online.de", "qq.com", "163.com", "126.com", "sina.com",
        "foxmail.com", "yeah.net", "mail.ru", "yandex.ru", "naver.com", "demo.odr",
    ];
}

/// <summary>
/// Chooses a neutral for a case: active in the role, working in the case's language, with no link to either party
/// (not a party, no shared organisational e-mail domain, no declared link), never the case's own mediator as its
/// arbitrator (nor, on appeal, the arbitrator whose award is appealed), and among those the one with the fewest open cases.
/// </summary>
public sealed class NeutralPool(OdrDbContext db, IOptions<NeutralPoolOptions> options)
{
    public async Task<UserId?> ChooseAsync(DisputeCase dispute, CaseRole role, CancellationToken ct)
    {
        var profiles = await db.Set<NeutralProfile>().AsNoTracking().Where(n => n.Role == role && n.Active).ToListAsync(ct);
        var ids = profiles.Select(p => p.UserId.Value).ToList();
        var emails = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) || u.Id == dispute.Buyer.UserId.Value)
            .Select(u => new { u.Id, u.Email }).ToDictionaryAsync(u => u.Id, u => u.Email ?? "", ct);
        var partyDomains = new[] { Domain(emails.GetValueOrDefault(dispute.Buyer.UserId.Value)), dispute.Seller.Email.Domain }
            .Where(d => d.Length > 0).ToList();
        var organisational = partyDomains.Where(d => !options.Value.SharedEmailDomains.Contains(d, StringComparer.OrdinalIgnoreCase)).ToList();

        var eligible = profiles.Where(p =>
                p.Speaks(dispute.Language)
                && p.UserId != dispute.Buyer.UserId
                && !string.Equals(emails.GetValueOrDefault(p.UserId.Value), dispute.Seller.Email.Value, StringComparison.OrdinalIgnoreCase)
                && !organisational.Contains(Domain(emails.GetValueOrDefault(p.UserId.Value)), StringComparer.OrdinalIgnoreCase)
                && !partyDomains.Any(p.DeclaresLinkWith)
                && (role != CaseRole.Arbitrator || (p.UserId != dispute.MediatorId && p.UserId != dispute.ReplacedArbitratorId
                    && p.UserId != dispute.AwardingArbitratorId)))
            .Select(p => p.UserId).ToList();
        if (eligible.Count == 0)
        {
            return null;
        }
        var load = await OpenCaseloadAsync(db, role, ct);
        return eligible.OrderBy(e => load.GetValueOrDefault(e)).ThenBy(e => e.Value).First();
    }

    /// <summary>How many open cases each neutral of <paramref name="role"/> holds (absent: none).</summary>
    public static async Task<Dictionary<UserId, int>> OpenCaseloadAsync(OdrDbContext db, CaseRole role, CancellationToken ct)
    {
        var open = db.Cases.Where(c => c.Stage != DisputeStage.Closed);
        var load = role == CaseRole.Mediator
            ? await open.Where(c => c.MediatorId != null).GroupBy(c => c.MediatorId).Select(g => new { Id = g.Key, Count = g.Count() }).ToListAsync(ct)
            : await open.Where(c => c.ArbitratorId != null).GroupBy(c => c.ArbitratorId).Select(g => new { Id = g.Key, Count = g.Count() }).ToListAsync(ct);
        return load.ToDictionary(l => l.Id!.Value, l => l.Count);
    }

    private static string Domain(string? email) => EmailAddress.TryParse(email, out var address) ? address.Domain : "";
}
