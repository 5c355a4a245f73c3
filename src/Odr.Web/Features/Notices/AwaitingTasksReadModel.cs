using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.Persistence;
using Odr.Web.Infrastructure.Startup;

namespace Odr.Web.Features.Notices;

/// <summary>
/// The awaiting-tasks read model (docs/adr/015): each open case's <see cref="CaseTasks"/> for every part someone holds in
/// it, as <see cref="AwaitingTask"/> rows, rewritten in the transaction that changes the case. Each case's row keeps a
/// fingerprint of the rows last written (<see cref="KeptFact"/>), so a save that leaves the tasks as they were writes
/// nothing; a case with none (one from before the read model) is written by <see cref="AwaitingTasksBackfill"/>.
/// </summary>
public static class AwaitingTasksReadModel
{
    /// <summary>The case row's column holding the fingerprint of its task rows (null: not written yet).</summary>
    public const string KeptFact = "AwaitingTasksFact";

    /// <summary>The tasks the case asks of each part's holder: none once it is closed.</summary>
    public static List<AwaitingTask> RowsOf(DisputeCase c)
    {
        if (c.Stage == DisputeStage.Closed)
        {
            return [];
        }
        var parts = new List<(CaseRole Role, string Holder)>
        {
            (CaseRole.Buyer, AwaitingTask.HolderOf(c.Buyer.UserId)), (CaseRole.Seller, AwaitingTask.HolderOf(c.Seller.Email)),
        };
        if (c.MediatorId is { } mediator)
        {
            parts.Add((CaseRole.Mediator, AwaitingTask.HolderOf(mediator)));
        }
        if (c.ArbitratorId is { } arbitrator)
        {
            parts.Add((CaseRole.Arbitrator, AwaitingTask.HolderOf(arbitrator)));
        }
        return parts.SelectMany(part => CaseTasks.For(c, part.Role).Select((task, i) => new AwaitingTask
        {
            CaseId = c.Id, Role = part.Role, Position = i, Holder = part.Holder, BuyerUserId = c.Buyer.UserId, SellerEmail = c.Seller.Email,
            MediatorId = c.MediatorId, Number = c.Number, Kind = task.Kind, Due = task.Due, Anchor = task.Anchor, Detail = task.Detail,
        })).ToList();
    }

    /// <summary>A fingerprint of the rows: equal rows, equal fingerprint.</summary>
    public static string FactOf(IEnumerable<AwaitingTask> rows)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(rows.Select(r => new object?[]
        {
            r.Role.ToString(), r.Position, r.Holder, r.BuyerUserId.Value, r.SellerEmail.Value, r.MediatorId?.Value, r.Number.ToString(),
            r.Kind.ToString(), r.Due?.UtcTicks, r.Anchor, r.Detail,
        }));
        return Convert.ToBase64String(SHA256.HashData(json));
    }

    /// <summary>
    /// The rows awaiting <paramref name="user"/>: those of the parts they hold, each only where no part before it in
    /// <see cref="DisputeCase.RoleOf"/> is also theirs (a person acts in one part of a case). One query on the holder index.
    /// </summary>
    public static IQueryable<AwaitingTask> AwaitingRowsOf(OdrDbContext db, UserId userId, EmailAddress? confirmedEmail)
    {
        var me = AwaitingTask.HolderOf(userId);
        var rows = db.Set<AwaitingTask>().AsNoTracking();
        if (confirmedEmail is { } email)
        {
            var address = AwaitingTask.HolderOf(email);
            return rows.Where(t => (t.Holder == me || t.Holder == address) && (t.Role == CaseRole.Buyer
                || (t.Role == CaseRole.Seller && t.BuyerUserId != userId)
                || (t.Role == CaseRole.Mediator && t.BuyerUserId != userId && t.SellerEmail != email)
                || (t.Role == CaseRole.Arbitrator && t.BuyerUserId != userId && t.SellerEmail != email && t.MediatorId != userId)));
        }
        return rows.Where(t => t.Holder == me && (t.Role == CaseRole.Buyer
            || (t.Role == CaseRole.Mediator && t.BuyerUserId != userId)
            || (t.Role == CaseRole.Arbitrator && t.BuyerUserId != userId && t.MediatorId != userId)));
    }

    /// <summary>Replaces a case's rows in the save's transaction (they are inserted with the save).</summary>
    internal static async Task RewriteAsync(OdrDbContext db, DisputeId id, IReadOnlyList<AwaitingTask> rows, bool stored, CancellationToken ct)
    {
        // Rows an earlier save of this context wrote stay tracked; the new ones take their keys.
        foreach (var tracked in db.ChangeTracker.Entries<AwaitingTask>().Where(t => t.Entity.CaseId == id).ToList())
        {
            tracked.State = EntityState.Detached;
        }
        if (stored)
        {
            await db.Set<AwaitingTask>().Where(t => t.CaseId == id).ExecuteDeleteAsync(ct);
        }
        db.Set<AwaitingTask>().AddRange(rows);
    }

    /// <summary>
    /// Loads the collections the tasks are drawn from, where the save's case was read without them (a command that reads
    /// only the case's own row): the tasks must come from the whole aggregate.
    /// </summary>
    internal static async Task LoadRulesCollectionsAsync(EntityEntry<DisputeCase> entry, CancellationToken ct)
    {
        foreach (var collection in new[] { entry.Collection(c => c.Offers), (CollectionEntry)entry.Collection(c => c.Proposals),
                     entry.Collection(c => c.EvidenceRequests) })
        {
            if (!collection.IsLoaded)
            {
                await collection.LoadAsync(ct);
            }
        }
    }
}

/// <summary>
/// Keeps the read model in the save's transaction: every case the save adds, changes, raises an event on, or changes an
/// offer, proposal or evidence request of, gets its rows rewritten if its tasks differ from those last written.
/// </summary>
internal sealed class AwaitingTasksSubscriber : IDomainEventSubscriber
{
    public async Task InTransactionAsync(DomainEventBatch batch, CancellationToken ct)
    {
        var db = batch.Db;
        var childChanged = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && e.Entity is Offer or MediationProposal or EvidenceRequest)
            .Select(e => (DisputeId)e.Property(nameof(Offer.DisputeId)).CurrentValue!).ToHashSet();
        foreach (var entry in db.ChangeTracker.Entries<DisputeCase>().ToList())
        {
            var id = entry.Entity.Id;
            if (entry.State is EntityState.Detached
                // A chat message changes no task: a case saved for messages alone is not read again (three queries a post).
                || (entry.State is EntityState.Unchanged && entry.Entity.DomainEvents.All(e => e is MessagePosted) && !childChanged.Contains(id)))
            {
                continue;
            }
            var stored = entry.State == EntityState.Added ? null : entry.Property<string?>(AwaitingTasksReadModel.KeptFact).OriginalValue;
            if (entry.State == EntityState.Deleted)
            {
                await AwaitingTasksReadModel.RewriteAsync(db, id, [], stored: true, ct);
                continue;
            }
            if (entry.State != EntityState.Added)
            {
                await AwaitingTasksReadModel.LoadRulesCollectionsAsync(entry, ct);
            }
            var rows = AwaitingTasksReadModel.RowsOf(entry.Entity);
            var fact = AwaitingTasksReadModel.FactOf(rows);
            if (fact == stored)
            {
                continue;
            }
            await AwaitingTasksReadModel.RewriteAsync(db, id, rows, stored: entry.State != EntityState.Added, ct);
            entry.Property<string?>(AwaitingTasksReadModel.KeptFact).CurrentValue = fact;
        }
    }
}

/// <summary>
/// Writes, once, the tasks of the cases a database held before the read model (their rows have no fingerprint): closed
/// ones in one statement (they await nothing), open ones a batch per transaction, so a start that stops halfway resumes.
/// Each batch gives its rows a new version first, so a node that changes one of them meanwhile fails as a conflict
/// instead of leaving rows the batch wrote from what it read before.
/// </summary>
internal sealed class AwaitingTasksBackfill : IStartupTask
{
    private const int Batch = 500;

    public string Name => "awaitingTasks.backfill";

    public int Order => StartupOrder.Backfills + 20;

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var done = await KeepUnkeptAsync(services.GetRequiredService<OdrDbContext>(), ct);
        if (done > 0)
        {
            services.GetRequiredService<ILogger<AwaitingTasksBackfill>>().LogInformation("Wrote the awaiting tasks of {Cases} cases from before the read model", done);
        }
    }

    /// <summary>Writes the tasks of every case not written yet; returns how many cases.</summary>
    public static async Task<int> KeepUnkeptAsync(OdrDbContext db, CancellationToken ct)
    {
        var unkept = db.Cases.Where(c => EF.Property<string?>(c, AwaitingTasksReadModel.KeptFact) == null);
        var none = AwaitingTasksReadModel.FactOf([]);
        var done = await unkept.Where(c => c.Stage == DisputeStage.Closed).ExecuteUpdateAsync(s => s
            .SetProperty(c => EF.Property<string?>(c, AwaitingTasksReadModel.KeptFact), none)
            .SetProperty(c => c.Version, c => c.Version + 1), ct);
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var ids = await unkept.Select(c => c.Id).Take(Batch).ToListAsync(ct);
            if (ids.Count == 0)
            {
                break;
            }
            await db.Cases.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version + 1), ct);
            var cases = await db.Cases.Where(c => ids.Contains(c.Id)).WithAggregate().AsNoTracking().ToListAsync(ct);
            await db.Set<AwaitingTask>().Where(t => ids.Contains(t.CaseId)).ExecuteDeleteAsync(ct);
            var rows = cases.ToDictionary(c => c.Id, AwaitingTasksReadModel.RowsOf);
            db.Set<AwaitingTask>().AddRange(rows.Values.SelectMany(r => r));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            await CaseMarks.WriteAsync(db, AwaitingTasksReadModel.KeptFact,
                rows.Select(r => (r.Key, (string?)AwaitingTasksReadModel.FactOf(r.Value))).ToList(), ct);
            await transaction.CommitAsync(ct);
            done += ids.Count;
        }
        return done;
    }
}
