using Microsoft.EntityFrameworkCore;
using Odr.Domain.Common;
using Odr.Domain.Disputes;

namespace Odr.Web.Infrastructure.DomainEvents;

/// <summary>
/// A reaction to the domain events a save raises: the one seam between a change to a case and what follows from it.
/// Each feature registers its own (<see cref="DomainEventSeam.AddDomainEventSubscriber{TSubscriber}"/>);
/// <see cref="OdrDbContext"/> runs them on every save and knows none of them.
/// </summary>
public interface IDomainEventSubscriber
{
    /// <summary>
    /// Runs inside the save's transaction, after the changed cases' rows are locked and before anything is written:
    /// what it adds to <see cref="DomainEventBatch.Db"/> commits with the change, or not at all (history entries,
    /// workflow signals, outbox commands for e-mail and documents, stage times). Subscribers run in the order they
    /// were registered; the case history's is registered with the database, so it runs first. Runs on every save,
    /// also one that raised nothing.
    /// </summary>
    Task InTransactionAsync(DomainEventBatch batch, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Runs once the transaction has committed, with the events it committed: for what may follow the change and may
    /// be lost with the process (counters). Anything that must happen (an e-mail, a webhook, a document) goes through
    /// the workflow outbox from <see cref="InTransactionAsync"/> instead. A failure here is logged, not thrown: the
    /// change is saved, and the caller must not retry it.
    /// </summary>
    Task AfterCommitAsync(IReadOnlyList<IDomainEvent> committed, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>What one save raised: the tracked cases with pending domain events, and the context to add rows to.</summary>
public sealed class DomainEventBatch(OdrDbContext db, IReadOnlyList<DisputeCase> cases)
{
    public OdrDbContext Db { get; } = db;

    /// <summary>The cases whose <see cref="Entity{TId}.DomainEvents"/> this save commits, in the order they were tracked.</summary>
    public IReadOnlyList<DisputeCase> Cases { get; } = cases;

    /// <summary>
    /// Whether this save inserts <paramref name="dispute"/>: nothing stored can name it yet (no history, no workflow), so
    /// a subscriber need not look. A filing holds the year's number row meanwhile, and every other filing waits on it.
    /// </summary>
    public bool IsNew(DisputeCase dispute) => Db.Entry(dispute).State == EntityState.Added;

    /// <summary>Each pending event with the case that raised it, case by case and in the order raised.</summary>
    public IEnumerable<(DisputeCase Case, IDomainEvent Event)> Events =>
        Cases.SelectMany(dispute => dispute.DomainEvents.Select(domainEvent => (dispute, domainEvent)));
}
