using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Odr.Web.Infrastructure.Identity;

/// <summary>Told, after the commit, of accounts whose row changed (e.g. a new security stamp).</summary>
public interface IAccountChangeListener
{
    Task AccountsChangedAsync(IReadOnlyCollection<Guid> userIds, CancellationToken ct);
}

/// <summary>
/// Notes the accounts a save changes and tells the listeners once that is committed (a save inside an explicit
/// transaction, at that transaction's commit), so that what they read back is the new row.
/// </summary>
public sealed class AccountChangeInterceptor(IEnumerable<IAccountChangeListener> listeners) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, HashSet<Guid>> Pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            var changed = context.ChangeTracker.Entries<OdrUser>()
                .Where(e => e.State is EntityState.Modified or EntityState.Deleted).Select(e => e.Entity.Id).ToList();
            // Only a save that changes an account adds its context to the table: adding takes the table's one lock, and
            // every save of every request taking it queued them all behind each other (chat on PostgreSQL: over half
            // the service's thread time waited there). A context runs one operation at a time, so its own set needs no lock.
            if (changed.Count > 0)
            {
                Pending.GetOrCreateValue(context).UnionWith(changed);
            }
        }
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { Database.CurrentTransaction: null } context)
        {
            await ReleaseAsync(context, cancellationToken);
        }
        return result;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            await ReleaseAsync(context, cancellationToken);
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && Pending.TryGetValue(context, out var pending))
        {
            pending.Clear();
        }
        return Task.CompletedTask;
    }

    private async Task ReleaseAsync(DbContext context, CancellationToken ct)
    {
        if (Pending.TryGetValue(context, out var pending) && pending.Count > 0)
        {
            Guid[] changed = [.. pending];
            pending.Clear();
            foreach (var listener in listeners)
            {
                await listener.AccountsChangedAsync(changed, ct);
            }
        }
    }
}
