using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Regulators;

public sealed record StatsFilter(DateOnly? From, DateOnly? To, ClaimType? ClaimType, string? BuyerCountry, string? SellerCountry, string? Marketplace)
{
    /// <summary>
    /// The dates a period may name. The period ends at the midnight after <see cref="To"/>, which a date at the calendar's
    /// end does not have; and no case was filed before the service existed, so a far-off date is a mistake, not a question.
    /// </summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1), Latest = new(2999, 12, 31);

    /// <summary>Filed from this instant on (inclusive), or from the beginning.</summary>
    public DateTimeOffset? Start => From is { } from ? Midnight(from) : null;

    /// <summary>Filed before this instant (exclusive): the midnight after <see cref="To"/>; or open-ended.</summary>
    public DateTimeOffset? End => To is { } to ? Midnight(to.AddDays(1)) : null;

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

public sealed record StageDuration(int Count, double? MedianDays, double? P90Days);

public sealed record Breakdown(string Key, int Cases, int Closed, int Settled, int Awarded, int Dismissed, int Withdrawn, int Unresolved);

/// <summary>
/// A neutral's figures over the cases they were assigned. Open: still at their stage. Arbitrators: decided for the buyer
/// (a refund or replacement awarded) or for the seller (dismissed). Mediators: settled in mediation; unresolved counts the
/// cases that went on to arbitration or ended without a result.
/// </summary>
public sealed record NeutralFigures(Guid NeutralId, string Pseudonym, CaseRole Role, int Cases, int Open, int ForBuyer, int ForSeller, int Settled,
    int Unresolved, double? MedianDaysToClose, bool OutlierSplit);

/// <summary>
/// A filing marketplace's execution of outcomes: of its cases that reached a settlement or award to carry out, how many it
/// reported executed and failed, and the median days from the outcome to the execution.
/// </summary>
public sealed record ExecutionFigures(string Marketplace, int Outcomes, int Executed, int Failed, double? ExecutionRate, double? MedianDaysToExecution);

public sealed record StatsResponse(
    DateOnly? From, DateOnly? To, int Filed, int Open, int Closed,
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyDictionary<string, int> ReachedAt,
    double? SettlementRate, double? ComplianceRate, int DeadlinesMissed,
    IReadOnlyDictionary<string, StageDuration> DaysPerStage,
    IReadOnlyList<Breakdown> ByClaimType, IReadOnlyList<Breakdown> ByCountryPair, IReadOnlyList<Breakdown> ByMarketplace,
    IReadOnlyList<NeutralFigures> PerNeutral,
    [property: System.ComponentModel.Description("Per filing marketplace: outcomes to carry out, reported executed and failed, execution rate, median days to execution.")]
    IReadOnlyList<ExecutionFigures> ExecutionByMarketplace,
    Appeals.AppealFigures? Appeals = null);

/// <summary>
/// Regulators' statistics over the cases filed in a period (and matching the filters): counts, outcomes and where
/// they were reached, stage durations (median and 90th percentile, from the stage times its history records), settlement and
/// compliance rates, deadlines missed, breakdowns, per-neutral figures, and the pseudonymised CSV export.
/// </summary>
public sealed class Statistics(OdrDbContext db, Pseudonyms pseudonyms, StatisticsCache cache, Sellers.SellerIdentities identities)
{
    private sealed record Row(DisputeId Id, CaseNumber Number, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt, DisputeStage Stage, DisputeOutcome? Outcome,
        SettlementStage? SettledAt, ClaimType ClaimType, string Marketplace, CountryCode BuyerCountry, CountryCode SellerCountry, BuyerType BuyerType,
        SellerType SellerType, decimal Amount, Currency Currency, UserId BuyerId, EmailAddress SellerEmail, UserId? MediatorId, UserId? ArbitratorId,
        AwardDecision? AwardDecision, bool? Complied, string? SellerVerifiedBy);

    /// <summary>The cases of the period that match the filters, for the CSV export (the figures come from the cache).</summary>
    private async Task<List<Row>> RowsAsync(StatsFilter f, CancellationToken ct)
    {
        var query = db.Cases.AsNoTracking();
        if (f.ClaimType is { } type)
        {
            query = query.Where(c => c.ClaimType == type);
        }
        if (f.BuyerCountry is { } buyerCountry && CountryCode.TryParse(buyerCountry, out var bc))
        {
            query = query.Where(c => c.Buyer.Country == bc);
        }
        if (f.SellerCountry is { } sellerCountry && CountryCode.TryParse(sellerCountry, out var sc))
        {
            query = query.Where(c => c.Seller.Country == sc);
        }
        if (!string.IsNullOrWhiteSpace(f.Marketplace))
        {
            query = query.Where(c => c.Order.Marketplace == f.Marketplace);
        }
        if (f.Start is { } start)
        {
            query = query.Where(c => c.CreatedAt >= start);
        }
        if (f.End is { } end)
        {
            query = query.Where(c => c.CreatedAt < end);
        }
        return await query.Select(c => new Row(c.Id, c.Number, c.CreatedAt, c.ClosedAt, c.Stage, c.Outcome, c.SettledAt, c.ClaimType, c.Order.Marketplace,
                c.Buyer.Country, c.Seller.Country, c.Buyer.Type, c.Seller.Type, c.Order.AmountPaid.Value, c.Order.AmountPaid.Currency, c.Buyer.UserId,
                c.Seller.Email, c.MediatorId, c.ArbitratorId, c.AwardDecision, c.Complied, c.SellerVerifiedBy))
            .ToListAsync(ct);
    }

    public async Task<StatsResponse> ComputeAsync(StatsFilter filter, CancellationToken ct) =>
        await cache.ReadAsync(db, facts => Compute(filter, facts), ct) with
        {
            Appeals = await Appeals.AppealStatistics.ComputeAsync(db, pseudonyms, filter, ct),
        };

    private StatsResponse Compute(StatsFilter f, IEnumerable<CaseFact> all)
    {
        var from = f.Start?.UtcTicks ?? long.MinValue;
        var to = f.End?.UtcTicks ?? long.MaxValue;
        var buyerCountry = f.BuyerCountry is { } b && CountryCode.TryParse(b, out var bc) ? bc.Value : null;
        var sellerCountry = f.SellerCountry is { } s && CountryCode.TryParse(s, out var sc) ? sc.Value : null;
        var marketplace = string.IsNullOrWhiteSpace(f.Marketplace) ? null : f.Marketplace;

        var totals = new Tally();
        var outcomes = new int[Enum.GetValues<DisputeOutcome>().Max(o => (int)o) + 1];
        int settledAtResponse = 0, settledAtNegotiation = 0, settledAtMediation = 0, decided = 0, settled = 0, reported = 0, complied = 0, missed = 0;
        var stageDays = new Dictionary<DisputeStage, Histogram>();
        var byClaim = new Dictionary<ClaimType, Tally>();
        var byPair = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var byMarketplace = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var mediators = new Dictionary<Guid, NeutralTally>();
        var arbitrators = new Dictionary<Guid, NeutralTally>();
        var executions = new Dictionary<string, ExecutionTally>(StringComparer.Ordinal);
        foreach (var c in all)
        {
            if (c.CreatedTicks < from || c.CreatedTicks >= to || (f.ClaimType is { } type && c.ClaimType != type)
                || (buyerCountry is not null && c.BuyerCountry != buyerCountry) || (sellerCountry is not null && c.SellerCountry != sellerCountry)
                || (marketplace is not null && c.Marketplace != marketplace))
            {
                continue;
            }
            totals.Add(c);
            Get(byClaim, c.ClaimType).Add(c);
            Get(byPair, c.CountryPair).Add(c);
            Get(byMarketplace, c.Marketplace).Add(c);
            if (c.Outcome is { } outcome)
            {
                outcomes[(int)outcome]++;
                decided++;
                settled += outcome == DisputeOutcome.Settled ? 1 : 0;
            }
            switch (c.SettledAt)
            {
                case SettlementStage.Response:
                    settledAtResponse++;
                    break;
                case SettlementStage.Negotiation:
                    settledAtNegotiation++;
                    break;
                case SettlementStage.Mediation:
                    settledAtMediation++;
                    break;
            }
            if (c.Complied is { } didComply)
            {
                reported++;
                complied += didComply ? 1 : 0;
            }
            missed += c.DeadlinesMissed;
            c.EachStageDuration((stage, hundredths) => Get(stageDays, stage).Add(hundredths));
            if (c.MediatorId != Guid.Empty)
            {
                Get(mediators, c.MediatorId).Add(c);
            }
            if (c.ArbitratorId != Guid.Empty)
            {
                Get(arbitrators, c.ArbitratorId).Add(c);
            }
            if (c is { FilingMarketplace: { } filer, ComplianceTicks: not 0 })
            {
                Get(executions, filer).Add(c);
            }
        }

        var figures = new List<NeutralFigures>();
        // Mediators decide nothing: their figures are the settlements they brought about and the cases that went on to
        // arbitration or ended unresolved. Arbitrators' are their decisions, and whether those lean away from the pool's.
        foreach (var (id, m) in mediators.OrderByDescending(m => m.Value.Cases).ThenBy(m => m.Key))
        {
            figures.Add(new NeutralFigures(id, pseudonyms.Of('N', id.ToString()), CaseRole.Mediator, m.Cases, m.OpenIn(DisputeStage.Mediation), 0, 0,
                m.SettledInMediation, m.WentOnOrUnresolved, m.DaysToClose.Percentile(0.5), OutlierSplit: false));
        }
        var poolDecided = arbitrators.Values.Sum(a => a.ForBuyer + a.ForSeller);
        var poolShare = poolDecided == 0 ? 0 : (double)arbitrators.Values.Sum(a => a.ForBuyer) / poolDecided;
        foreach (var (id, a) in arbitrators.OrderByDescending(a => a.Value.Cases).ThenBy(a => a.Key))
        {
            var decidedByThem = a.ForBuyer + a.ForSeller;
            var share = decidedByThem == 0 ? 0 : (double)a.ForBuyer / decidedByThem;
            figures.Add(new NeutralFigures(id, pseudonyms.Of('N', id.ToString()), CaseRole.Arbitrator, a.Cases, a.OpenIn(DisputeStage.Arbitration),
                a.ForBuyer, a.ForSeller, a.Settled, a.Unresolved, a.DaysToClose.Percentile(0.5),
                // Flagged when at least five decided cases lean more than 25 points away from the pool's share for buyers.
                decidedByThem >= 5 && Math.Abs(share - poolShare) > 0.25));
        }

        return new StatsResponse(
            f.From, f.To, totals.Cases, totals.Cases - totals.Closed, totals.Closed,
            Enum.GetValues<DisputeOutcome>().ToDictionary(o => Camel(o.ToString()), o => outcomes[(int)o]),
            new Dictionary<string, int>
            {
                ["response"] = settledAtResponse,
                ["negotiation"] = settledAtNegotiation,
                ["mediation"] = settledAtMediation,
                ["arbitration"] = totals.Awarded + totals.Dismissed,
            },
            decided == 0 ? null : Math.Round((double)settled / decided, 4),
            reported == 0 ? null : Math.Round((double)complied / reported, 4),
            missed,
            Enum.GetValues<DisputeStage>().Where(s => s != DisputeStage.Closed).ToDictionary(s => Camel(s.ToString()), s =>
            {
                var days = stageDays.GetValueOrDefault(s) ?? new Histogram();
                return new StageDuration(days.Count, days.Percentile(0.5), days.Percentile(0.9));
            }),
            Breakdowns(byClaim.ToDictionary(t => Camel(t.Key.ToString()), t => t.Value)), Breakdowns(byPair), Breakdowns(byMarketplace), figures,
            executions.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new ExecutionFigures(e.Key, e.Value.Outcomes, e.Value.Executed,
                e.Value.Failed, e.Value.Outcomes == 0 ? null : Math.Round((double)e.Value.Executed / e.Value.Outcomes, 4),
                e.Value.DaysToExecution.Percentile(0.5))).ToList());
    }

    private static T Get<TKey, T>(Dictionary<TKey, T> tallies, TKey key) where TKey : notnull where T : new()
    {
        if (!tallies.TryGetValue(key, out var tally))
        {
            tallies[key] = tally = new T();
        }
        return tally;
    }

    private static List<Breakdown> Breakdowns(Dictionary<string, Tally> tallies) => tallies
        .OrderByDescending(t => t.Value.Cases).ThenBy(t => t.Key, StringComparer.Ordinal)
        .Select(t => new Breakdown(t.Key, t.Value.Cases, t.Value.Closed, t.Value.Settled, t.Value.Awarded, t.Value.Dismissed, t.Value.Withdrawn,
            t.Value.Unresolved))
        .ToList();

    /// <summary>Counts of cases by where they ended.</summary>
    private sealed class Tally
    {
        public int Cases, Closed, Settled, Awarded, Dismissed, Withdrawn, Unresolved;

        public void Add(CaseFact c)
        {
            Cases++;
            Closed += c.Stage == DisputeStage.Closed ? 1 : 0;
            switch (c.Outcome)
            {
                case DisputeOutcome.Settled:
                    Settled++;
                    break;
                case DisputeOutcome.Awarded:
                    Awarded++;
                    break;
                case DisputeOutcome.Dismissed:
                    Dismissed++;
                    break;
                case DisputeOutcome.Withdrawn:
                    Withdrawn++;
                    break;
                case DisputeOutcome.Unresolved:
                    Unresolved++;
                    break;
            }
        }
    }

    /// <summary>A filing marketplace's cases that reached an outcome to carry out, and what it reported of them.</summary>
    private sealed class ExecutionTally
    {
        public int Outcomes, Executed, Failed;

        public Histogram DaysToExecution { get; } = new();

        public void Add(CaseFact c)
        {
            Outcomes++;
            Failed += c.ExecutionFailed ? 1 : 0;
            if (c.ExecutedTicks != 0)
            {
                Executed++;
                DaysToExecution.Add(CaseFact.Hundredths(c.ExecutedTicks - c.ComplianceTicks));
            }
        }
    }

    /// <summary>A neutral's cases: open at their stage, outcomes, and how long their cases took to close.</summary>
    private sealed class NeutralTally
    {
        public int Cases, OpenInMediation, OpenInArbitration, SettledInMediation, WentOnOrUnresolved, ForBuyer, ForSeller, Settled, Unresolved;

        public Histogram DaysToClose { get; } = new();

        public int OpenIn(DisputeStage stage) => stage == DisputeStage.Mediation ? OpenInMediation : OpenInArbitration;

        public void Add(CaseFact c)
        {
            Cases++;
            OpenInMediation += c.Stage == DisputeStage.Mediation ? 1 : 0;
            OpenInArbitration += c.Stage == DisputeStage.Arbitration ? 1 : 0;
            SettledInMediation += c.SettledAt == SettlementStage.Mediation ? 1 : 0;
            WentOnOrUnresolved += c.ArbitratorId != Guid.Empty || c.Outcome == DisputeOutcome.Unresolved ? 1 : 0;
            ForBuyer += c.Outcome == DisputeOutcome.Awarded ? 1 : 0;
            ForSeller += c.Outcome == DisputeOutcome.Dismissed ? 1 : 0;
            Settled += c.Outcome == DisputeOutcome.Settled ? 1 : 0;
            Unresolved += c.Outcome == DisputeOutcome.Unresolved ? 1 : 0;
            if (c.ClosedTicks != 0)
            {
                DaysToClose.Add(CaseFact.Hundredths(c.ClosedTicks - c.CreatedTicks));
            }
        }
    }

    /// <summary>
    /// Durations in hundredths of a day, counted per value: the nearest-rank percentile of the counts is the percentile of
    /// the durations rounded to a hundredth, as the statistics report them, without keeping or sorting every duration.
    /// </summary>
    private sealed class Histogram
    {
        private readonly Dictionary<long, int> _counts = [];

        public int Count { get; private set; }

        public void Add(long hundredths)
        {
            _counts[hundredths] = _counts.GetValueOrDefault(hundredths) + 1;
            Count++;
        }

        public double? Percentile(double p)
        {
            if (Count == 0)
            {
                return null;
            }
            var rank = Math.Clamp((int)Math.Ceiling(p * Count), 1, Count);
            var seen = 0;
            foreach (var (value, count) in _counts.OrderBy(c => c.Key))
            {
                seen += count;
                if (seen >= rank)
                {
                    return value / 100.0;
                }
            }
            throw new InvalidOperationException("Unreachable: the counts add up to Count.");
        }
    }

    /// <summary>The seller type of a seller neither the seller itself nor a marketplace has stated.</summary>
    public const string Unverified = "unverified";

    public const string CsvHeader =
        "caseNumber,filedAt,closedAt,stage,outcome,settledAt,claimType,marketplace,buyer,buyerCountry,buyerType,seller,sellerCountry,sellerType,amount,currency,mediator,arbitrator,awardDecision,complied";

    /// <summary>One line per case: pseudonyms instead of people, no names, e-mails or free text.</summary>
    public async Task<string> CsvAsync(StatsFilter filter, CancellationToken ct)
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        var rows = await RowsAsync(filter, ct);
        // A seller's type as the seller or a marketplace states it, never as a buyer typed it: "unverified" otherwise.
        var stated = await identities.OfAsync(rows.Select(r => r.SellerEmail).Distinct().ToList(), ct);
        foreach (var r in rows.OrderBy(r => r.CreatedAt))
        {
            var sellerType = r.SellerVerifiedBy is not null ? r.SellerType.ToString() : stated.GetValueOrDefault(r.SellerEmail)?.Type.ToString() ?? Unverified;
            string[] fields =
            [
                r.Number.ToString(), r.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                r.ClosedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "", Camel(r.Stage.ToString()), Camel(r.Outcome?.ToString() ?? ""),
                Camel(r.SettledAt?.ToString() ?? ""), Camel(r.ClaimType.ToString()), r.Marketplace, pseudonyms.Buyer(r.BuyerId.Value), r.BuyerCountry.Value,
                Camel(r.BuyerType.ToString()), pseudonyms.Seller(r.SellerEmail.Value), r.SellerCountry.Value, Camel(sellerType),
                r.Amount.ToString(CultureInfo.InvariantCulture), r.Currency.Code,
                r.MediatorId is { } m ? pseudonyms.Of('N', m.Value.ToString()) : "", r.ArbitratorId is { } a ? pseudonyms.Of('N', a.Value.ToString()) : "",
                Camel(r.AwardDecision?.ToString() ?? ""), r.Complied?.ToString().ToLowerInvariant() ?? "",
            ];
            csv.AppendJoin(',', fields.Select(Escape)).Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>RFC 4180 quoting, and a leading quote mark for text a spreadsheet would run as a formula.</summary>
    private static string Escape(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' && !decimal.TryParse(field, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            field = "'" + field;
        }
        return field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
