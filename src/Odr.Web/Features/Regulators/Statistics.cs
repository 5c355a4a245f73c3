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
public sealed class Statistics(OdrDbContext db, Pseudonyms pseudonyms, Sellers.SellerIdentities identities)
{
    private sealed record Row(DisputeId Id, CaseNumber Number, DateTimeOffset CreatedAt, DateTimeOffset? ClosedAt, DisputeStage Stage, DisputeOutcome? Outcome,
        SettlementStage? SettledAt, ClaimType ClaimType, string Marketplace, CountryCode BuyerCountry, CountryCode SellerCountry, BuyerType BuyerType,
        SellerType SellerType, decimal Amount, Currency Currency, UserId BuyerId, EmailAddress SellerEmail, UserId? MediatorId, UserId? ArbitratorId,
        AwardDecision? AwardDecision, bool? Complied, string? SellerVerifiedBy);

    /// <summary>The cases of the period that match the filters, for the CSV export (the figures come from the cache).</summary>
    private async Task<List<Row>> RowsAsync(StatsFilter f, CancellationToken ct) =>
        await Filtered(f).Select(c => new Row(c.Id, c.Number, c.CreatedAt, c.ClosedAt, c.Stage, c.Outcome, c.SettledAt, c.ClaimType, c.Order.Marketplace,
                c.Buyer.Country, c.Seller.Country, c.Buyer.Type, c.Seller.Type, c.Order.AmountPaid.Value, c.Order.AmountPaid.Currency, c.Buyer.UserId,
                c.Seller.Email, c.MediatorId, c.ArbitratorId, c.AwardDecision, c.Complied, c.SellerVerifiedBy))
            .ToListAsync(ct);

    /// <summary>The cases of the period that match the filters.</summary>
    private IQueryable<DisputeCase> Filtered(StatsFilter f)
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
        return query;
    }

    /// <summary>The figures from the stored tallies (<see cref="StatisticsReadModel"/>): a few hundred rows, however many cases.</summary>
    public async Task<StatsResponse> ComputeAsync(StatsFilter filter, CancellationToken ct)
    {
        var figures = new StatisticsFigures();
        foreach (var tally in await StatisticsReadModel.ReadAsync(db, filter, ct))
        {
            figures.Add(tally);
        }
        return figures.ToResponse(filter, pseudonyms) with { Appeals = await Appeals.AppealStatistics.ComputeAsync(db, pseudonyms, filter, ct) };
    }

    /// <summary>
    /// The same figures worked out case by case from the cases' rows: the definition the read model must match (the tests
    /// compare the two), and a check an operator can run. Reads every case of the period.
    /// </summary>
    public async Task<StatsResponse> ComputeFromCasesAsync(StatsFilter filter, CancellationToken ct)
    {
        var figures = new StatisticsFigures();
        foreach (var (_, fact) in await CaseFact.ReadAsync(Filtered(filter), ct))
        {
            figures.Add(fact);
        }
        return figures.ToResponse(filter, pseudonyms) with { Appeals = await Appeals.AppealStatistics.ComputeAsync(db, pseudonyms, filter, ct) };
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

    private static string Camel(string name) => StatisticsFigures.Camel(name);
}
