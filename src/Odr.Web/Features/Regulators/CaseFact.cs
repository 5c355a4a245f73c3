using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Odr.Domain.Disputes;

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

    /// <summary>The UTC day the case was filed on (<see cref="DateOnly.DayNumber"/>): the finest period a filter names.</summary>
    public int Day => DateOnly.FromDateTime(new DateTime(CreatedTicks, DateTimeKind.Utc)).DayNumber;

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

    /// <summary>
    /// What this case adds to the stored tallies (<see cref="StatisticsTally"/>): one count per measure it falls under, in
    /// the cell of its day, claim type, marketplace and countries. A change to a case subtracts its old fact's
    /// contributions and adds its new one's. <see cref="StatisticsFigures.Add(StatisticsTally)"/> reads them back.
    /// </summary>
    public IEnumerable<(string Measure, string Subject, long Value, long Count)> Contributions()
    {
        yield return (TallyMeasures.Cases, "", 0, 1);
        if (Stage == DisputeStage.Closed)
        {
            yield return (TallyMeasures.Closed, "", 0, 1);
        }
        if (Outcome is { } outcome)
        {
            yield return (TallyMeasures.Outcome, outcome.ToString(), 0, 1);
        }
        if (SettledAt is { } settledAt)
        {
            yield return (TallyMeasures.SettledAt, settledAt.ToString(), 0, 1);
        }
        if (Complied is { } complied)
        {
            yield return (TallyMeasures.Complied, complied ? "true" : "false", 0, 1);
        }
        if (DeadlinesMissed != 0)
        {
            yield return (TallyMeasures.Missed, "", 0, DeadlinesMissed);
        }
        var durations = new List<(string, string, long, long)>();
        EachStageDuration((stage, hundredths) => durations.Add((TallyMeasures.StageDays, stage.ToString(), hundredths, 1)));
        foreach (var duration in durations)
        {
            yield return duration;
        }
        var daysToClose = ClosedTicks == 0 ? (long?)null : Hundredths(ClosedTicks - CreatedTicks);
        if (MediatorId != Guid.Empty)
        {
            var id = MediatorId.ToString();
            yield return (TallyMeasures.MediatorCases, id, 0, 1);
            yield return (TallyMeasures.MediatorOpen, id, 0, Stage == DisputeStage.Mediation ? 1 : 0);
            yield return (TallyMeasures.MediatorSettled, id, 0, SettledAt == SettlementStage.Mediation ? 1 : 0);
            yield return (TallyMeasures.MediatorWentOn, id, 0, ArbitratorId != Guid.Empty || Outcome == DisputeOutcome.Unresolved ? 1 : 0);
            if (daysToClose is { } days)
            {
                yield return (TallyMeasures.MediatorDaysToClose, id, days, 1);
            }
        }
        if (ArbitratorId != Guid.Empty)
        {
            var id = ArbitratorId.ToString();
            yield return (TallyMeasures.ArbitratorCases, id, 0, 1);
            yield return (TallyMeasures.ArbitratorOpen, id, 0, Stage == DisputeStage.Arbitration ? 1 : 0);
            if (Outcome is { } decided)
            {
                yield return (TallyMeasures.ArbitratorOutcome, id + ":" + decided, 0, 1);
            }
            if (daysToClose is { } days)
            {
                yield return (TallyMeasures.ArbitratorDaysToClose, id, days, 1);
            }
        }
        if (this is { FilingMarketplace: { } filer, ComplianceTicks: not 0 })
        {
            yield return (TallyMeasures.ExecutionOutcomes, filer, 0, 1);
            yield return (TallyMeasures.ExecutionFailed, filer, 0, ExecutionFailed ? 1 : 0);
            if (ExecutedTicks != 0)
            {
                yield return (TallyMeasures.Executed, filer, Hundredths(ExecutedTicks - ComplianceTicks), 1);
            }
        }
    }

    /// <summary>The fact as the case's row keeps it (the contributions last counted): a JSON array, in field order.</summary>
    public string Stored()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteNumberValue(CreatedTicks);
            json.WriteNumberValue(ClosedTicks);
            json.WriteStringValue(Stage.ToString());
            json.WriteStringValue(Outcome?.ToString());
            json.WriteStringValue(SettledAt?.ToString());
            json.WriteStringValue(ClaimType.ToString());
            json.WriteStringValue(Marketplace);
            json.WriteStringValue(BuyerCountry);
            json.WriteStringValue(SellerCountry);
            json.WriteStringValue(MediatorId == Guid.Empty ? null : MediatorId.ToString());
            json.WriteStringValue(ArbitratorId == Guid.Empty ? null : ArbitratorId.ToString());
            json.WriteStringValue(Complied?.ToString());
            json.WriteNumberValue(DeadlinesMissed);
            foreach (var ticks in (ReadOnlySpan<long>)[NegotiationTicks, MediationTicks, ArbitrationTicks, ComplianceTicks])
            {
                json.WriteNumberValue(ticks);
            }
            json.WriteStringValue(FilingMarketplace);
            json.WriteNumberValue(ExecutedTicks);
            json.WriteBooleanValue(ExecutionFailed);
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static CaseFact FromStored(string stored)
    {
        using var document = JsonDocument.Parse(stored);
        var a = document.RootElement.EnumerateArray().ToArray();
        static T? Named<T>(JsonElement e) where T : struct, Enum => e.GetString() is { } name ? Enum.Parse<T>(name) : null;
        static Guid Id(JsonElement e) => e.GetString() is { } id ? Guid.Parse(id) : Guid.Empty;
        var (buyer, seller) = (a[7].GetString()!, a[8].GetString()!);
        return new CaseFact(a[0].GetInt64(), a[1].GetInt64(), Named<DisputeStage>(a[2])!.Value, Named<DisputeOutcome>(a[3]), Named<SettlementStage>(a[4]),
            Named<ClaimType>(a[5])!.Value, a[6].GetString()!, buyer, seller, $"{buyer}-{seller}", Id(a[9]), Id(a[10]),
            a[11].GetString() is { } complied ? bool.Parse(complied) : null, a[12].GetInt32(), a[13].GetInt64(), a[14].GetInt64(), a[15].GetInt64(),
            a[16].GetInt64(), a[17].GetString(), a[18].GetInt64(), a[19].GetBoolean());
    }

    /// <summary>The fact of a tracked case as it is about to be saved (its stage times already read from the history).</summary>
    public static CaseFact Of(EntityEntry<DisputeCase> entry)
    {
        var c = entry.Entity;
        DateTimeOffset? At(string column) => entry.Property<DateTimeOffset?>(column).CurrentValue;
        return Of(c.CreatedAt, c.ClosedAt, c.Stage, c.Outcome, c.SettledAt, c.ClaimType, c.Order.Marketplace, c.Buyer.Country.Value, c.Seller.Country.Value,
            c.MediatorId?.Value, c.ArbitratorId?.Value, c.Complied, entry.Property<int?>(StageTimes.DeadlinesMissed).CurrentValue,
            At(StageTimes.NegotiationFrom), At(StageTimes.MediationFrom), At(StageTimes.ArbitrationFrom), At(StageTimes.ComplianceFrom),
            c.FiledBy, c.SellerVerifiedBy, c.ExecutedAt, c.ExecutionFailedAt);
    }

    /// <summary>The one mapping from a case's columns to its fact, for tracked cases and for rows read in bulk.</summary>
    public static CaseFact Of(DateTimeOffset createdAt, DateTimeOffset? closedAt, DisputeStage stage, DisputeOutcome? outcome, SettlementStage? settledAt,
        ClaimType claimType, string marketplace, string buyerCountry, string sellerCountry, Guid? mediatorId, Guid? arbitratorId, bool? complied,
        int? missed, DateTimeOffset? negotiation, DateTimeOffset? mediation, DateTimeOffset? arbitration, DateTimeOffset? compliance,
        CaseFiler filedBy, string? sellerVerifiedBy, DateTimeOffset? executedAt, DateTimeOffset? executionFailedAt) =>
        new(createdAt.UtcTicks, closedAt?.UtcTicks ?? 0, stage, outcome, settledAt, claimType, marketplace, buyerCountry, sellerCountry,
            $"{buyerCountry}-{sellerCountry}", mediatorId ?? Guid.Empty, arbitratorId ?? Guid.Empty, complied, missed ?? 0, negotiation?.UtcTicks ?? 0,
            mediation?.UtcTicks ?? 0, arbitration?.UtcTicks ?? 0, compliance?.UtcTicks ?? 0,
            filedBy == CaseFiler.Marketplace && sellerVerifiedBy is { } filer ? filer : null, executedAt?.UtcTicks ?? 0, executionFailedAt is not null);

    /// <summary>Every case's fact read from the cases' rows (of those <paramref name="cases"/> selects), with its id and version.</summary>
    public static async Task<List<(DisputeId Id, CaseFact Fact)>> ReadAsync(IQueryable<DisputeCase> cases, CancellationToken ct)
    {
        var rows = await cases.AsNoTracking().Select(c => new
        {
            c.Id, c.CreatedAt, c.ClosedAt, c.Stage, c.Outcome, c.SettledAt, c.ClaimType, c.Order.Marketplace, BuyerCountry = c.Buyer.Country,
            SellerCountry = c.Seller.Country, c.MediatorId, c.ArbitratorId, c.Complied, c.FiledBy, c.SellerVerifiedBy, c.ExecutedAt, c.ExecutionFailedAt,
            Missed = EF.Property<int?>(c, StageTimes.DeadlinesMissed),
            Negotiation = EF.Property<DateTimeOffset?>(c, StageTimes.NegotiationFrom),
            Mediation = EF.Property<DateTimeOffset?>(c, StageTimes.MediationFrom),
            Arbitration = EF.Property<DateTimeOffset?>(c, StageTimes.ArbitrationFrom),
            Compliance = EF.Property<DateTimeOffset?>(c, StageTimes.ComplianceFrom),
        }).ToListAsync(ct);
        return rows.Select(r => (r.Id, Of(r.CreatedAt, r.ClosedAt, r.Stage, r.Outcome, r.SettledAt, r.ClaimType, r.Marketplace, r.BuyerCountry.Value,
            r.SellerCountry.Value, r.MediatorId?.Value, r.ArbitratorId?.Value, r.Complied, r.Missed, r.Negotiation, r.Mediation, r.Arbitration,
            r.Compliance, r.FiledBy, r.SellerVerifiedBy, r.ExecutedAt, r.ExecutionFailedAt))).ToList();
    }
}
