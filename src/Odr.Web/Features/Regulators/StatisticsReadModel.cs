using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.Persistence;
using Odr.Web.Infrastructure.Startup;

namespace Odr.Web.Features.Regulators;

/// <summary>
/// The statistics' read model: <see cref="StatisticsTally"/> cells, kept in the same transaction as every change to a
/// case, so the counts never drift from the cases (a change that rolls back takes its counts with it). Each case's row
/// keeps the fact it was last counted with (<see cref="CountedFact"/>); a save subtracts that fact's contributions and
/// adds the new ones, so a count is right whichever fields changed. A case whose row has no counted fact (one from
/// before the read model) is left to <see cref="StatisticsBackfill"/>, which counts it once.
/// </summary>
public static class StatisticsReadModel
{
    /// <summary>The case row's column holding the fact its counts were made from (null: not counted yet).</summary>
    public const string CountedFact = "StatisticsFact";

    private static readonly string[] KeyColumns = ["Day", "ClaimType", "Marketplace", "BuyerCountry", "SellerCountry", "Measure", "Subject", "Value"];

    /// <summary>The cells of the period that match the filters, summed over its days: the per-cell measures by cell, the rest in total.</summary>
    public static async Task<List<StatisticsTally>> ReadAsync(OdrDbContext db, StatsFilter f, CancellationToken ct)
    {
        var cells = db.Set<StatisticsTally>().AsNoTracking();
        if (f.From is { } from)
        {
            cells = cells.Where(t => t.Day >= from.DayNumber);
        }
        if (f.To is { } to)
        {
            cells = cells.Where(t => t.Day <= to.DayNumber);
        }
        if (f.ClaimType is { } type)
        {
            var name = type.ToString();
            cells = cells.Where(t => t.ClaimType == name);
        }
        if (f.BuyerCountry is { } b && Domain.Common.CountryCode.TryParse(b, out var buyer))
        {
            cells = cells.Where(t => t.BuyerCountry == buyer.Value);
        }
        if (f.SellerCountry is { } s && Domain.Common.CountryCode.TryParse(s, out var seller))
        {
            cells = cells.Where(t => t.SellerCountry == seller.Value);
        }
        if (!string.IsNullOrWhiteSpace(f.Marketplace))
        {
            cells = cells.Where(t => t.Marketplace == f.Marketplace);
        }
        var perCell = TallyMeasures.PerCell;
        var byCell = await cells.Where(t => perCell.Contains(t.Measure))
            .GroupBy(t => new { t.ClaimType, t.Marketplace, t.BuyerCountry, t.SellerCountry, t.Measure, t.Subject })
            .Select(g => new StatisticsTally
            {
                ClaimType = g.Key.ClaimType, Marketplace = g.Key.Marketplace, BuyerCountry = g.Key.BuyerCountry, SellerCountry = g.Key.SellerCountry,
                Measure = g.Key.Measure, Subject = g.Key.Subject, Count = g.Sum(t => t.Count),
            }).ToListAsync(ct);
        var inTotal = await cells.Where(t => !perCell.Contains(t.Measure))
            .GroupBy(t => new { t.Measure, t.Subject, t.Value })
            .Select(g => new StatisticsTally { Measure = g.Key.Measure, Subject = g.Key.Subject, Value = g.Key.Value, Count = g.Sum(t => t.Count) })
            .ToListAsync(ct);
        return [.. byCell, .. inTotal];
    }

    /// <summary>Adds (or, with -1, takes away) a fact's contributions to a set of pending changes to the cells.</summary>
    public static void Count(Dictionary<StatisticsTally, long> changes, CaseFact fact, int sign)
    {
        var (day, claim) = (fact.Day, fact.ClaimType.ToString());
        foreach (var (measure, subject, value, count) in fact.Contributions())
        {
            if (count == 0)
            {
                continue;
            }
            var cell = new StatisticsTally
            {
                Day = day, ClaimType = claim, Marketplace = fact.Marketplace, BuyerCountry = fact.BuyerCountry, SellerCountry = fact.SellerCountry,
                Measure = measure, Subject = subject, Value = value,
            };
            changes[cell] = changes.GetValueOrDefault(cell) + sign * count;
        }
    }

    /// <summary>
    /// Writes pending changes to the cells in the caller's transaction: one statement that inserts a cell or adds to it,
    /// the same SQL on SQLite and PostgreSQL. Cells in key order, so two transactions lock shared cells in the same order.
    /// </summary>
    public static async Task ApplyAsync(OdrDbContext db, Dictionary<StatisticsTally, long> changes, CancellationToken ct)
    {
        var cells = changes.Where(c => c.Value != 0).OrderBy(c => c.Key, CellKey.Instance).ToList();
        // Well within either database's limit on a statement's parameters.
        foreach (var chunk in cells.Chunk(500))
        {
            var sql = new StringBuilder("INSERT INTO \"").Append(StatisticsTallyConfiguration.Table).Append("\" (")
                .AppendJoin(", ", KeyColumns.Select(c => $"\"{c}\"")).Append(", \"Count\") VALUES ");
            var parameters = new List<object>(chunk.Length * 9);
            for (var i = 0; i < chunk.Length; i++)
            {
                var (cell, count) = chunk[i];
                sql.Append(i == 0 ? "(" : ", (").AppendJoin(", ", Enumerable.Range(parameters.Count, 9).Select(p => $"{{{p}}}")).Append(')');
                parameters.AddRange([cell.Day, cell.ClaimType, cell.Marketplace, cell.BuyerCountry, cell.SellerCountry, cell.Measure, cell.Subject, cell.Value, count]);
            }
            sql.Append(" ON CONFLICT (").AppendJoin(", ", KeyColumns.Select(c => $"\"{c}\"")).Append(") DO UPDATE SET \"Count\" = \"")
                .Append(StatisticsTallyConfiguration.Table).Append("\".\"Count\" + excluded.\"Count\"");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
        }
    }

    /// <summary>Cells are equal by their key (the count is what changes).</summary>
    internal sealed class CellKey : IEqualityComparer<StatisticsTally>, IComparer<StatisticsTally>
    {
        public static readonly CellKey Instance = new();

        public bool Equals(StatisticsTally? x, StatisticsTally? y) => x is not null && y is not null && Compare(x, y) == 0;

        public int GetHashCode(StatisticsTally t) =>
            HashCode.Combine(t.Day, t.ClaimType, t.Marketplace, t.BuyerCountry, t.SellerCountry, t.Measure, t.Subject, t.Value);

        public int Compare(StatisticsTally? x, StatisticsTally? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var order = x.Day.CompareTo(y.Day);
            foreach (var (a, b) in (ReadOnlySpan<(string, string)>)[(x.ClaimType, y.ClaimType), (x.Marketplace, y.Marketplace),
                         (x.BuyerCountry, y.BuyerCountry), (x.SellerCountry, y.SellerCountry), (x.Measure, y.Measure), (x.Subject, y.Subject)])
            {
                order = order != 0 ? order : string.CompareOrdinal(a, b);
            }
            return order != 0 ? order : x.Value.CompareTo(y.Value);
        }
    }

    /// <summary>Compares cells by their key, for a dictionary of pending changes.</summary>
    public static IEqualityComparer<StatisticsTally> CellKeys => CellKey.Instance;

    internal static Dictionary<StatisticsTally, long> NewChanges() => new(CellKey.Instance);

    internal static string? StoredFact(EntityEntry<DisputeCase> entry) => entry.Property<string?>(CountedFact).OriginalValue;
}

/// <summary>
/// Keeps the read model in the save's transaction: for each case the save adds or changes, its old contributions out and
/// its new ones in. Registered after the stage times' subscriber, whose columns it reads.
/// </summary>
internal sealed class StatisticsReadModelSubscriber : IDomainEventSubscriber
{
    public async Task InTransactionAsync(DomainEventBatch batch, CancellationToken ct)
    {
        var changes = StatisticsReadModel.NewChanges();
        foreach (var entry in batch.Db.ChangeTracker.Entries<DisputeCase>().ToList())
        {
            if (entry.State is EntityState.Detached)
            {
                continue;
            }
            var stored = entry.State == EntityState.Added ? null : StatisticsReadModel.StoredFact(entry);
            if (entry.State != EntityState.Added && stored is null)
            {
                continue; // not counted yet: the backfill counts it as it then stands
            }
            if (entry.State == EntityState.Deleted)
            {
                StatisticsReadModel.Count(changes, CaseFact.FromStored(stored!), -1);
                continue;
            }
            var fact = CaseFact.Of(entry);
            var now = fact.Stored();
            if (now == stored)
            {
                continue;
            }
            if (stored is not null)
            {
                StatisticsReadModel.Count(changes, CaseFact.FromStored(stored), -1);
            }
            StatisticsReadModel.Count(changes, fact, +1);
            entry.Property<string?>(StatisticsReadModel.CountedFact).CurrentValue = now;
        }
        await StatisticsReadModel.ApplyAsync(batch.Db, changes, ct);
    }
}

/// <summary>
/// Counts, once, the cases a database held before the read model (their rows have no counted fact), a batch per
/// transaction: the cells and the batch's counted facts commit together, so a start that stops halfway resumes where
/// it stopped, and no case is counted twice. A case a running node changes meanwhile is not counted by that node
/// (it has no counted fact); the batch gives each row it counts a new version first, so such a change fails as a
/// conflict rather than slip past the counts.
/// </summary>
internal sealed class StatisticsBackfill : IStartupTask
{
    public string Name => "statistics.backfill";

    public int Order => StartupOrder.Backfills + 10; // after the stage times', which it reads

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<OdrDbContext>();
        var done = await CountUncountedAsync(db, ct);
        if (done > 0)
        {
            services.GetRequiredService<ILogger<StatisticsBackfill>>().LogInformation("Counted {Cases} cases from before the statistics read model", done);
        }
    }

    /// <summary>Counts every case not counted yet; returns how many.</summary>
    public static async Task<int> CountUncountedAsync(OdrDbContext db, CancellationToken ct)
    {
        var done = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var uncounted = db.Cases.Where(c => EF.Property<string?>(c, StatisticsReadModel.CountedFact) == null);
            // No order: the filtered index of the uncounted cases answers without reading the table.
            var ids = await uncounted.Select(c => c.Id).Take(2000).ToListAsync(ct);
            if (ids.Count == 0)
            {
                break;
            }
            // A new version first (on PostgreSQL this also holds the rows): a node that changes one of these cases
            // meanwhile, without counting it, then fails as a conflict instead of leaving its change uncounted.
            await db.Cases.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version + 1), ct);
            var facts = await CaseFact.ReadAsync(db.Cases.Where(c => ids.Contains(c.Id)), ct);
            var changes = StatisticsReadModel.NewChanges();
            foreach (var (_, fact) in facts)
            {
                StatisticsReadModel.Count(changes, fact, +1);
            }
            await StatisticsReadModel.ApplyAsync(db, changes, ct);
            await CaseMarks.WriteAsync(db, StatisticsReadModel.CountedFact, facts.Select(f => (f.Id, (string?)f.Fact.Stored())).ToList(), ct);
            await transaction.CommitAsync(ct);
            done += ids.Count;
        }
        return done;
    }
}
