using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.History;

namespace Odr.Web.Features.Regulators;

/// <summary>
/// When a case entered each stage, and how many of its deadlines passed unmet: read from its history entries as they
/// are appended, and kept on the case's row (columns the domain does not see), so the regulators' statistics read one
/// row per case instead of every case's history. <see cref="Apply"/> is the one reading of the history, used when an
/// entry is appended and when older cases are filled in (<see cref="BackfillAsync"/>).
/// </summary>
public sealed class StageTimes
{
    public const string NegotiationFrom = nameof(NegotiationFrom);
    public const string MediationFrom = nameof(MediationFrom);
    public const string ArbitrationFrom = nameof(ArbitrationFrom);
    public const string ComplianceFrom = nameof(ComplianceFrom);
    public const string DeadlinesMissed = nameof(DeadlinesMissed);

    public DateTimeOffset? Negotiation { get; private set; }
    public DateTimeOffset? Mediation { get; private set; }
    public DateTimeOffset? Arbitration { get; private set; }
    public DateTimeOffset? Compliance { get; private set; }
    public int Missed { get; private set; }

    /// <summary>Reads one history entry (its type, time and canonical JSON): the stage it starts, a missed deadline.</summary>
    public void Apply(string type, DateTimeOffset at, string canonical)
    {
        switch (type)
        {
            case "responded":
            case "escalated":
            case "settled":
            case "awarded":
                break;
            default:
                return;
        }
        using var json = JsonDocument.Parse(canonical);
        var data = json.RootElement.GetProperty("data");
        switch (type)
        {
            case "responded" when data.GetProperty("action").GetString() != "accept":
                Enter(DisputeStage.Negotiation, at);
                break;
            case "escalated":
                if (data.GetProperty("by").GetString() == "deadline")
                {
                    Missed++;
                }
                Enter(Enum.Parse<DisputeStage>(data.GetProperty("to").GetString()!, ignoreCase: true), at);
                break;
            case "settled":
            case "awarded" when data.GetProperty("decision").GetString() != "dismissed":
                Enter(DisputeStage.Compliance, at);
                break;
        }
    }

    private void Enter(DisputeStage stage, DateTimeOffset at)
    {
        switch (stage)
        {
            case DisputeStage.Negotiation:
                Negotiation ??= at;
                break;
            case DisputeStage.Mediation:
                Mediation ??= at;
                break;
            case DisputeStage.Arbitration:
                Arbitration ??= at;
                break;
            case DisputeStage.Compliance:
                Compliance ??= at;
                break;
        }
    }

    public static void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<DisputeCase> builder)
    {
        builder.Property<DateTimeOffset?>(NegotiationFrom);
        builder.Property<DateTimeOffset?>(MediationFrom);
        builder.Property<DateTimeOffset?>(ArbitrationFrom);
        builder.Property<DateTimeOffset?>(ComplianceFrom);
        // Null until read from the history: cases from before these columns are filled in at start (BackfillAsync).
        builder.Property<int?>(DeadlinesMissed);
        // A start looks for cases still to fill in; this index holds only those, so the look costs nothing once done.
        builder.HasIndex(DeadlinesMissed).HasFilter("\"DeadlinesMissed\" IS NULL");
    }

    /// <summary>The stored values of a tracked case.</summary>
    public static StageTimes Of(EntityEntry<DisputeCase> entry) => new()
    {
        Negotiation = entry.Property<DateTimeOffset?>(NegotiationFrom).CurrentValue,
        Mediation = entry.Property<DateTimeOffset?>(MediationFrom).CurrentValue,
        Arbitration = entry.Property<DateTimeOffset?>(ArbitrationFrom).CurrentValue,
        Compliance = entry.Property<DateTimeOffset?>(ComplianceFrom).CurrentValue,
        Missed = entry.Property<int?>(DeadlinesMissed).CurrentValue ?? 0,
    };

    public void WriteTo(EntityEntry<DisputeCase> entry)
    {
        entry.Property<DateTimeOffset?>(NegotiationFrom).CurrentValue = Negotiation;
        entry.Property<DateTimeOffset?>(MediationFrom).CurrentValue = Mediation;
        entry.Property<DateTimeOffset?>(ArbitrationFrom).CurrentValue = Arbitration;
        entry.Property<DateTimeOffset?>(ComplianceFrom).CurrentValue = Compliance;
        entry.Property<int?>(DeadlinesMissed).CurrentValue = Missed;
    }

    /// <summary>Fills in the cases whose stage times were never read (those filed before the columns existed).</summary>
    public static async Task<int> BackfillAsync(OdrDbContext db, CancellationToken ct)
    {
        var done = 0;
        while (true)
        {
            var ids = await db.Cases.AsNoTracking().Where(c => EF.Property<int?>(c, DeadlinesMissed) == null).Select(c => c.Id).Take(500).ToListAsync(ct);
            if (ids.Count == 0)
            {
                return done;
            }
            var history = (await db.CaseEvents.AsNoTracking().Where(e => ids.Contains(e.DisputeId)).OrderBy(e => e.Seq)
                    .Select(e => new { e.DisputeId, e.Type, e.At, e.Canonical }).ToListAsync(ct))
                .ToLookup(e => e.DisputeId);
            foreach (var id in ids)
            {
                var times = new StageTimes();
                foreach (var entry in history[id])
                {
                    times.Apply(entry.Type, entry.At, entry.Canonical);
                }
                await db.Cases.Where(c => c.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(c => EF.Property<DateTimeOffset?>(c, NegotiationFrom), times.Negotiation)
                    .SetProperty(c => EF.Property<DateTimeOffset?>(c, MediationFrom), times.Mediation)
                    .SetProperty(c => EF.Property<DateTimeOffset?>(c, ArbitrationFrom), times.Arbitration)
                    .SetProperty(c => EF.Property<DateTimeOffset?>(c, ComplianceFrom), times.Compliance)
                    .SetProperty(c => EF.Property<int?>(c, DeadlinesMissed), times.Missed), ct);
            }
            done += ids.Count;
        }
    }
}

/// <summary>
/// Keeps each changed case's stage times with the history entries the save appends, in the same transaction.
/// </summary>
internal sealed class StageTimesSubscriber : IDomainEventSubscriber
{
    public Task InTransactionAsync(DomainEventBatch batch, CancellationToken ct)
    {
        foreach (var dispute in batch.Cases)
        {
            var entry = batch.Db.Entry(dispute);
            var times = StageTimes.Of(entry);
            foreach (var appended in CaseHistory.AppendedBy(batch, dispute.Id))
            {
                times.Apply(appended.Type, appended.At, appended.Canonical);
            }
            times.WriteTo(entry);
        }
        return Task.CompletedTask;
    }
}

/// <summary>The stage-time columns on the cases' table (<see cref="StageTimes.Configure"/>).</summary>
internal sealed class StageTimesConfiguration : IEntityTypeConfiguration<DisputeCase>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<DisputeCase> builder) => StageTimes.Configure(builder);
}
