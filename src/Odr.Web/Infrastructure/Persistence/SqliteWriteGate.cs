using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Odr.Web.Infrastructure.Persistence;

/// <summary>
/// SQLite has one writer at a time. Without a queue in the process, concurrent transactions collide inside SQLite and
/// Microsoft.Data.Sqlite retries a busy statement after sleeping 150 ms, so under load a filing waited seconds (the
/// benchmark's profile: docs/performance.md). Every transaction therefore waits here, in order, before it begins, and
/// SQLite never sees two writers from this process. Plain reads never wait: WAL lets them run beside the writer.
/// Other processes on the same file still meet SQLite's own busy handling (<c>busy_timeout</c>, set on every connection).
/// Not disposable, on purpose: the semaphore holds no handle, and a gate disposed at shutdown under a transaction still
/// running made that transaction's end throw.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "Disposing it at shutdown broke a holder's release; it holds no handle.")]
public sealed class SqliteWriteGate
{
    /// <summary>How long a transaction waits for its turn before it fails, like SQLite's own busy timeout.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly ConditionalWeakTable<DbContext, object> _holders = [];

    internal async ValueTask EnterAsync(DbContext? context, CancellationToken ct)
    {
        if (!await _turn.WaitAsync(Timeout, ct))
        {
            throw new TimeoutException($"No turn to write to the database within {Timeout.TotalSeconds:0} s.");
        }
        Hold(context);
    }

    internal void Enter(DbContext? context)
    {
        if (!_turn.Wait(Timeout))
        {
            throw new TimeoutException($"No turn to write to the database within {Timeout.TotalSeconds:0} s.");
        }
        Hold(context);
    }

    private void Hold(DbContext? context)
    {
        if (context is null || !_holders.TryAdd(context, this))
        {
            _turn.Release();
            throw new InvalidOperationException("A transaction began on a context that already holds the write turn.");
        }
    }

    /// <summary>Gives the turn back if this context holds it; safe to call more than once.</summary>
    internal void Leave(DbContext? context)
    {
        if (context is not null && _holders.Remove(context))
        {
            _turn.Release();
        }
    }
}

/// <summary>
/// Takes the write turn before a transaction begins and gives it back when it ends, however it ends; and around a
/// write statement run outside a transaction (a bulk update such as a workflow claim, or an <c>UPDATE … RETURNING</c>
/// read through a reader, until the reader is disposed). Saves always use a transaction
/// (<see cref="OdrDbContext"/>), so they are covered by the first. Without the second, such a statement met SQLite's
/// lock and slept in its busy handler while gated transactions kept taking their turns ahead of it.
/// </summary>
public sealed class SqliteWriteGateInterceptor(SqliteWriteGate gate) : IDbTransactionInterceptor, IDbConnectionInterceptor, IDbCommandInterceptor
{
    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (IsLoneWrite(command))
        {
            await gate.EnterAsync(eventData.Context, cancellationToken);
        }
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (IsLoneWrite(command))
        {
            gate.Enter(eventData.Context);
        }
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        if (IsLoneWrite(command))
        {
            gate.Leave(eventData.Context);
        }
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        if (IsLoneWrite(command))
        {
            gate.Leave(eventData.Context);
        }
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (IsLoneWritingQuery(command))
        {
            await gate.EnterAsync(eventData.Context, cancellationToken);
        }
        return result;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (IsLoneWritingQuery(command))
        {
            gate.Enter(eventData.Context);
        }
        return result;
    }

    // SQLite makes a writing query's changes at its first step and ends its implicit transaction when the statement is
    // reset: the write lock is held until the reader goes, so the turn is too.
    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        if (IsLoneWritingQuery(command))
        {
            gate.Leave(eventData.Context);
        }
        return result;
    }

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
        if (IsLoneWrite(command))
        {
            gate.Leave(eventData.Context);
        }
    }

    /// <summary>A statement with no transaction of its own; PRAGMAs (the checkpoint, settings) take no write lock.</summary>
    private static bool IsLoneWrite(DbCommand command) =>
        command.Transaction is null && !command.CommandText.TrimStart().StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A statement with no transaction of its own that writes and returns rows (<c>UPDATE … RETURNING</c>, the workflow's
    /// command claim). Run through a reader, it met SQLite's lock ungated and, worse, took the lock from under gated
    /// transactions, which then slept in SQLite's busy handler holding the turn (the deadline catch-up's profile).
    /// </summary>
    private static bool IsLoneWritingQuery(DbCommand command) =>
        IsLoneWrite(command) && WritingVerbs.Any(verb => command.CommandText.TrimStart().StartsWith(verb, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] WritingVerbs = ["UPDATE", "INSERT", "DELETE", "REPLACE"];

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await gate.EnterAsync(eventData.Context, cancellationToken);
        return result;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        gate.Enter(eventData.Context);
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        gate.Leave(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => gate.Leave(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        gate.Leave(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => gate.Leave(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        gate.Leave(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => gate.Leave(eventData.Context);

    // A transaction disposed without commit or rollback (an exception on the way) ends with its connection closing, if EF
    // Core opened it; on a connection opened by hand it ends with the context. So a failed save rolls back its own
    // transaction (OdrDbContext), and a caller that begins one on such a connection must end it.
    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        gate.Leave(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        gate.Leave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => gate.Leave(eventData.Context);

    public Task ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        gate.Leave(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Writers from other processes (a second node on the same file) wait inside SQLite, in short steps.</summary>
    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => ConfigureConnection(connection);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ConfigureConnection(connection);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Set on every open, as a pooled connection may be new; through SQLite's own call, not a PRAGMA statement: the
    /// provider prepares every statement anew (it keeps no prepared statements), and EF Core opens a connection for
    /// most single reads, so the PRAGMA cost a preparation and a step on each (3 % of the running samples in a profile
    /// under the chat's load; bench/analysis.md, chat).
    /// </summary>
    private static void ConfigureConnection(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, (int)SqliteWriteGate.Timeout.TotalMilliseconds);
        }
    }
}
