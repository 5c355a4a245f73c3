using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Regulators;

/// <summary>
/// A case as the statistics count it: when it was filed and closed, where it stands, how it ended, its claim, countries and
/// marketplace, its neutrals, and how long it spent in each stage (from <see cref="StageTimes"/>). Ids and codes only.
/// </summary>
public readonly record struct CaseFact(
    long CreatedTicks, long ClosedTicks, DisputeStage Stage, DisputeOutcome? Outcome, SettlementStage? SettledAt, ClaimType ClaimType,
    string Marketplace, string BuyerCountry, string SellerCountry, string CountryPair, Guid MediatorId, Guid ArbitratorId, bool? Complied,
    int DeadlinesMissed, long NegotiationTicks, long MediationTicks, long ArbitrationTicks, long ComplianceTicks,
    string? FilingMarketplace = null, long ExecutedTicks = 0, bool ExecutionFailed = false)
{
    /// <summary>The days between two instants, rounded to a hundredth as the statistics report them, in hundredths.</summary>
    public static long Hundredths(long ticks) => (long)Math.Round(Math.Round(TimeSpan.FromTicks(ticks).TotalDays, 2) * 100);

    /// <summary>Each stage the case went through and left, with its length: the time until the next stage it entered.</summary>
    public void EachStageDuration(Action<DisputeStage, long> add)
    {
        var stage = DisputeStage.AwaitingResponse;
        var since = CreatedTicks;
        foreach (var (next, at) in (ReadOnlySpan<(DisputeStage, long)>)
                 [(DisputeStage.Negotiation, NegotiationTicks), (DisputeStage.Mediation, MediationTicks), (DisputeStage.Arbitration, ArbitrationTicks),
                     (DisputeStage.Compliance, ComplianceTicks), (DisputeStage.Closed, ClosedTicks)])
        {
            if (at == 0)
            {
                continue;
            }
            add(stage, Hundredths(at - since));
            (stage, since) = (next, at);
        }
    }
}

/// <summary>
/// Every case's <see cref="CaseFact"/>, in memory, so a regulator's statistics over a million cases take one pass in
/// memory instead of a million rows from the database per request. Each read first rereads the cases whose rows changed
/// since the last read (by <see cref="StageTimes.ChangedAt"/>, with a margin for transactions that committed late), so the
/// figures are as fresh as the database. The first read loads every case. About 100 bytes a case.
/// </summary>
public sealed class StatisticsCache : IDisposable
{
    /// <summary>A change is marked before its transaction commits; one that commits this much later could be missed.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Dictionary<Guid, CaseFact> _facts = [];
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private DateTimeOffset? _latestChange;
    private bool _loaded;

    public async Task<T> ReadAsync<T>(OdrDbContext db, Func<IEnumerable<CaseFact>, T> read, CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            await RefreshAsync(db, ct);
            return read(_facts.Values);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task RefreshAsync(OdrDbContext db, CancellationToken ct)
    {
        var cases = db.Cases.AsNoTracking();
        if (_loaded)
        {
            var since = (_latestChange ?? DateTimeOffset.MinValue.AddYears(1)) - Margin;
            cases = cases.Where(c => EF.Property<DateTimeOffset?>(c, StageTimes.ChangedAt) >= since);
        }
        var rows = await cases.Select(c => new
        {
            c.Id, c.CreatedAt, c.ClosedAt, c.Stage, c.Outcome, c.SettledAt, c.ClaimType, c.Order.Marketplace, BuyerCountry = c.Buyer.Country,
            SellerCountry = c.Seller.Country, c.MediatorId, c.ArbitratorId, c.Complied, c.FiledBy, c.SellerVerifiedBy, c.ExecutedAt, c.ExecutionFailedAt,
            Missed = EF.Property<int?>(c, StageTimes.DeadlinesMissed),
            Negotiation = EF.Property<DateTimeOffset?>(c, StageTimes.NegotiationFrom),
            Mediation = EF.Property<DateTimeOffset?>(c, StageTimes.MediationFrom),
            Arbitration = EF.Property<DateTimeOffset?>(c, StageTimes.ArbitrationFrom),
            Compliance = EF.Property<DateTimeOffset?>(c, StageTimes.ComplianceFrom),
            Changed = EF.Property<DateTimeOffset?>(c, StageTimes.ChangedAt),
        }).ToListAsync(ct);
        foreach (var r in rows)
        {
            var buyer = Intern(r.BuyerCountry.Value);
            var seller = Intern(r.SellerCountry.Value);
            _facts[r.Id.Value] = new CaseFact(r.CreatedAt.UtcTicks, r.ClosedAt?.UtcTicks ?? 0, r.Stage, r.Outcome, r.SettledAt, r.ClaimType,
                Intern(r.Marketplace), buyer, seller, Intern($"{buyer}-{seller}"), r.MediatorId?.Value ?? Guid.Empty, r.ArbitratorId?.Value ?? Guid.Empty,
                r.Complied, r.Missed ?? 0, r.Negotiation?.UtcTicks ?? 0, r.Mediation?.UtcTicks ?? 0, r.Arbitration?.UtcTicks ?? 0,
                r.Compliance?.UtcTicks ?? 0, r.FiledBy == CaseFiler.Marketplace && r.SellerVerifiedBy is { } filer ? Intern(filer) : null,
                r.ExecutedAt?.UtcTicks ?? 0, r.ExecutionFailedAt is not null);
            if (r.Changed is { } changed && (_latestChange is null || changed > _latestChange))
            {
                _latestChange = changed;
            }
        }
        _loaded = true;
    }

    /// <summary>One string object per distinct marketplace, country and pair, however many cases share it.</summary>
    private string Intern(string value)
    {
        if (!_strings.TryGetValue(value, out var interned))
        {
            _strings[value] = interned = value;
        }
        return interned;
    }

    public void Dispose() => _turn.Dispose();
}
