using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Regulators;

public sealed record StatsFilter(DateOnly? From, DateOnly? To, ClaimType? ClaimType, string? BuyerCountry, string? SellerCountry, string? Marketplace);

public sealed record StageDuration(int Count, double? MedianDays, double? P90Days);

public sealed record Breakdown(string Key, int Cases, int Closed, int Settled, int Awarded, int Dismissed, int Withdrawn, int Unresolved);

/// <summary>
/// A neutral's figures over the cases they were assigned. Open: still at their stage. Arbitrators: decided for the buyer
/// (a refund or replacement awarded) or for the seller (dismissed). Mediators: settled in mediation; unresolved counts the
/// cases that went on to arbitration or ended without a result.
/// </summary>
public sealed record NeutralFigures(Guid NeutralId, string Pseudonym, CaseRole Role, int Cases, int Open, int ForBuyer, int ForSeller, int Settled,
    int Unresolved, double? MedianDaysToClose, bool OutlierSplit);

public sealed record StatsResponse(
    DateOnly? From, DateOnly? To, int Filed, int Open, int Closed,
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyDictionary<string, int> ReachedAt,
    double? SettlementRate, double? ComplianceRate, int DeadlinesMissed,
    IReadOnlyDictionary<string, StageDuration> DaysPerStage,
    IReadOnlyList<Breakdown> ByClaimType, IReadOnlyList<Breakdown> ByCountryPair, IReadOnlyList<Breakdown> ByMarketplace,
    IReadOnlyList<NeutralFigures> PerNeutral);

/// <summary>
/// Regulators' statistics over the cases filed in a period (and matching the filters): counts, outcomes and where
/// they were reached, stage durations (median and 90th percentile, from each case's history), settlement and
/// compliance rates, deadlines missed, breakdowns, per-neutral figures, and the pseudonymised CSV export.
/// </summary>
public sealed class Statistics(OdrDbContext db, Pseudonyms pseudonyms)
{
    private sealed record Row(DisputeId Id, CaseNumber Number, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt, DisputeStage Stage, DisputeOutcome? Outcome,
        SettlementStage? SettledAt, ClaimType ClaimType, string Marketplace, CountryCode BuyerCountry, CountryCode SellerCountry, BuyerType BuyerType,
        SellerType SellerType, decimal Amount, Currency Currency, UserId BuyerId, EmailAddress SellerEmail, UserId? MediatorId, UserId? ArbitratorId,
        AwardDecision? AwardDecision, bool? Complied);

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
        if (f.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(c => c.CreatedAt >= start);
        }
        if (f.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(c => c.CreatedAt < end);
        }
        return await query.Select(c => new Row(c.Id, c.Number, c.CreatedAt, c.ClosedAt, c.Stage, c.Outcome, c.SettledAt, c.ClaimType, c.Order.Marketplace,
                c.Buyer.Country, c.Seller.Country, c.Buyer.Type, c.Seller.Type, c.Order.AmountPaid.Value, c.Order.AmountPaid.Currency, c.Buyer.UserId,
                c.Seller.Email, c.MediatorId, c.ArbitratorId, c.AwardDecision, c.Complied))
            .ToListAsync(ct);
    }

    public async Task<StatsResponse> ComputeAsync(StatsFilter filter, CancellationToken ct)
    {
        var rows = await RowsAsync(filter, ct);
        var ids = rows.Select(r => r.Id).ToList();
        var events = (await db.CaseEvents.AsNoTracking().Where(e => ids.Contains(e.DisputeId))
                .Where(e => e.Type == "filed" || e.Type == "responded" || e.Type == "escalated" || e.Type == "settled" || e.Type == "awarded" || e.Type == "closed")
                .OrderBy(e => e.Seq).Select(e => new { e.DisputeId, e.Type, e.At, e.Canonical }).ToListAsync(ct))
            .GroupBy(e => e.DisputeId).ToDictionary(g => g.Key, g => g.Select(e => (e.Type, e.At, e.Canonical)).ToList());

        var durations = new Dictionary<DisputeStage, List<double>>();
        var deadlinesMissed = 0;
        foreach (var row in rows)
        {
            var timeline = Timeline(events.GetValueOrDefault(row.Id) ?? [], ref deadlinesMissed);
            for (var i = 0; i + 1 < timeline.Count; i++)
            {
                var (stage, start) = timeline[i];
                (durations.TryGetValue(stage, out var list) ? list : durations[stage] = []).Add((timeline[i + 1].At - start).TotalDays);
            }
        }

        var decided = rows.Count(r => r.Outcome is not null);
        var reported = rows.Count(r => r.Complied is not null);
        var outcomes = Enum.GetValues<DisputeOutcome>().ToDictionary(o => Camel(o.ToString()), o => rows.Count(r => r.Outcome == o));
        var reachedAt = new Dictionary<string, int>
        {
            ["response"] = rows.Count(r => r.SettledAt == SettlementStage.Response),
            ["negotiation"] = rows.Count(r => r.SettledAt == SettlementStage.Negotiation),
            ["mediation"] = rows.Count(r => r.SettledAt == SettlementStage.Mediation),
            ["arbitration"] = rows.Count(r => r.Outcome is DisputeOutcome.Awarded or DisputeOutcome.Dismissed),
        };
        return new StatsResponse(
            filter.From, filter.To, rows.Count, rows.Count(r => r.Stage != DisputeStage.Closed), rows.Count(r => r.Stage == DisputeStage.Closed),
            outcomes, reachedAt,
            decided == 0 ? null : Math.Round((double)rows.Count(r => r.Outcome == DisputeOutcome.Settled) / decided, 4),
            reported == 0 ? null : Math.Round((double)rows.Count(r => r.Complied == true) / reported, 4),
            deadlinesMissed,
            Enum.GetValues<DisputeStage>().Where(s => s != DisputeStage.Closed).ToDictionary(s => Camel(s.ToString()), s =>
            {
                var values = durations.GetValueOrDefault(s) ?? [];
                return new StageDuration(values.Count, Percentile(values, 0.5), Percentile(values, 0.9));
            }),
            Group(rows, r => Camel(r.ClaimType.ToString())),
            Group(rows, r => $"{r.BuyerCountry.Value}-{r.SellerCountry.Value}"),
            Group(rows, r => r.Marketplace),
            Neutrals(rows));
    }

    /// <summary>The stages a case went through, with when it entered each, read from its history.</summary>
    private static List<(DisputeStage Stage, DateTimeOffset At)> Timeline(List<(string Type, DateTimeOffset At, string Canonical)> events, ref int deadlinesMissed)
    {
        var timeline = new List<(DisputeStage, DateTimeOffset)>();
        void Enter(DisputeStage stage, DateTimeOffset at)
        {
            if (timeline.Count == 0 || timeline[^1].Item1 != stage)
            {
                timeline.Add((stage, at));
            }
        }
        foreach (var (type, at, canonical) in events)
        {
            using var json = JsonDocument.Parse(canonical);
            var data = json.RootElement.GetProperty("data");
            switch (type)
            {
                case "filed":
                    Enter(DisputeStage.AwaitingResponse, at);
                    break;
                case "responded" when data.GetProperty("action").GetString() != "accept":
                    Enter(DisputeStage.Negotiation, at);
                    break;
                case "escalated":
                    if (data.GetProperty("by").GetString() == "deadline")
                    {
                        deadlinesMissed++;
                    }
                    Enter(Enum.Parse<DisputeStage>(data.GetProperty("to").GetString()!, ignoreCase: true), at);
                    break;
                case "settled":
                case "awarded" when data.GetProperty("decision").GetString() != "dismissed":
                    Enter(DisputeStage.Compliance, at);
                    break;
                case "closed":
                    Enter(DisputeStage.Closed, at);
                    break;
            }
        }
        return timeline;
    }

    private List<NeutralFigures> Neutrals(List<Row> rows)
    {
        static bool ForBuyer(Row r) => r.Outcome == DisputeOutcome.Awarded;
        static bool ForSeller(Row r) => r.Outcome == DisputeOutcome.Dismissed;
        var figures = new List<NeutralFigures>();
        // Mediators decide nothing: their figures are the settlements they brought about and the cases that went on to
        // arbitration or ended unresolved. Arbitrators' are their decisions, and whether those lean away from the pool's.
        foreach (var group in rows.Where(r => r.MediatorId is not null).GroupBy(r => r.MediatorId!.Value))
        {
            var cases = group.ToList();
            figures.Add(new NeutralFigures(group.Key.Value, pseudonyms.Of('N', group.Key.Value.ToString()), CaseRole.Mediator, cases.Count,
                cases.Count(r => r.Stage == DisputeStage.Mediation), 0, 0, cases.Count(r => r.SettledAt == SettlementStage.Mediation),
                cases.Count(r => r.ArbitratorId is not null || r.Outcome == DisputeOutcome.Unresolved), MedianDaysToClose(cases), OutlierSplit: false));
        }
        var arbitrated = rows.Where(r => r.ArbitratorId is not null).ToList();
        var poolDecided = arbitrated.Count(r => ForBuyer(r) || ForSeller(r));
        var poolShare = poolDecided == 0 ? 0 : (double)arbitrated.Count(ForBuyer) / poolDecided;
        foreach (var group in arbitrated.GroupBy(r => r.ArbitratorId!.Value))
        {
            var cases = group.ToList();
            var decided = cases.Count(r => ForBuyer(r) || ForSeller(r));
            var share = decided == 0 ? 0 : (double)cases.Count(ForBuyer) / decided;
            figures.Add(new NeutralFigures(group.Key.Value, pseudonyms.Of('N', group.Key.Value.ToString()), CaseRole.Arbitrator, cases.Count,
                cases.Count(r => r.Stage == DisputeStage.Arbitration), cases.Count(ForBuyer), cases.Count(ForSeller),
                cases.Count(r => r.Outcome == DisputeOutcome.Settled), cases.Count(r => r.Outcome == DisputeOutcome.Unresolved), MedianDaysToClose(cases),
                // Flagged when at least five decided cases lean more than 25 points away from the pool's share for buyers.
                decided >= 5 && Math.Abs(share - poolShare) > 0.25));
        }
        return figures;
    }

    private static double? MedianDaysToClose(List<Row> cases) =>
        Percentile(cases.Where(r => r.ClosedAt is not null).Select(r => (r.ClosedAt!.Value - r.CreatedAt).TotalDays).ToList(), 0.5);

    private static List<Breakdown> Group(List<Row> rows, Func<Row, string> key) => rows.GroupBy(key).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new Breakdown(g.Key, g.Count(), g.Count(r => r.Stage == DisputeStage.Closed), g.Count(r => r.Outcome == DisputeOutcome.Settled),
            g.Count(r => r.Outcome == DisputeOutcome.Awarded), g.Count(r => r.Outcome == DisputeOutcome.Dismissed),
            g.Count(r => r.Outcome == DisputeOutcome.Withdrawn), g.Count(r => r.Outcome == DisputeOutcome.Unresolved)))
        .ToList();

    /// <summary>Nearest-rank percentile, in days rounded to a hundredth; none for no values.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)], 2);
    }

    public const string CsvHeader =
        "caseNumber,filedAt,closedAt,stage,outcome,settledAt,claimType,marketplace,buyer,buyerCountry,buyerType,seller,sellerCountry,sellerType,amount,currency,mediator,arbitrator,awardDecision,complied";

    /// <summary>One line per case: pseudonyms instead of people, no names, e-mails or free text.</summary>
    public async Task<string> CsvAsync(StatsFilter filter, CancellationToken ct)
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var r in (await RowsAsync(filter, ct)).OrderBy(r => r.CreatedAt))
        {
            string[] fields =
            [
                r.Number.ToString(), r.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                r.ClosedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "", Camel(r.Stage.ToString()), Camel(r.Outcome?.ToString() ?? ""),
                Camel(r.SettledAt?.ToString() ?? ""), Camel(r.ClaimType.ToString()), r.Marketplace, pseudonyms.Buyer(r.BuyerId.Value), r.BuyerCountry.Value,
                Camel(r.BuyerType.ToString()), pseudonyms.Seller(r.SellerEmail.Value), r.SellerCountry.Value, Camel(r.SellerType.ToString()),
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
