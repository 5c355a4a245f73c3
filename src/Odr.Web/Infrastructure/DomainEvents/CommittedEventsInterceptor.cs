using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Odr.Web.Infrastructure.DomainEvents;

/// <summary>
/// Starts the seam's after-commit phase when the transaction that holds a save commits: the save's own, or the
/// caller's when it began one (a filing commits its case and evidence together), so nothing after commit runs for a
/// change that is later rolled back.
/// </summary>
public sealed class CommittedEventsInterceptor : IDbTransactionInterceptor
{
    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        (eventData.Context as OdrDbContext)?.ForgetUncommittedEvents();
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        (eventData.Context as OdrDbContext)?.ForgetUncommittedEvents();
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        eventData.Context is OdrDbContext db ? db.RunAfterCommitAsync(cancellationToken) : Task.CompletedTask;

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as OdrDbContext)?.ForgetUncommittedEvents();
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as OdrDbContext)?.ForgetUncommittedEvents();
}
