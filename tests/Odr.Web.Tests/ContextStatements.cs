using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Odr.Web.Tests;

/// <summary>
/// The SQL that one context runs (and its savepoints), taken from EF Core's diagnostic events while this is alive. Other tests' contexts run
/// beside it in the same process; only <paramref name="context"/>'s statements are kept (every context's, by context, in
/// <see cref="ByContext"/>, when none is given: for a request's own context, which a test cannot reach).
/// </summary>
public sealed class ContextStatements : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly DbContext? _context;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _listeners;

    public ContextStatements(DbContext? context = null)
    {
        _context = context;
        _listeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public ConcurrentQueue<string> Texts { get; } = new();

    /// <summary>Without a context given: each context's statements in the order it ran them, with their parameters' values.</summary>
    public ConcurrentDictionary<DbContext, ConcurrentQueue<Statement>> ByContext { get; } = new(ReferenceEqualityComparer.Instance);

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    /// <summary>With a context given: how many times it took a connection from the pool (opened it).</summary>
    public int Opens => _opens;

    private int _opens;

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.ConnectionOpening.Name && value.Value is ConnectionEventData opening
            && _context is not null && ReferenceEquals(opening.Context, _context))
        {
            Interlocked.Increment(ref _opens);
            return;
        }
        // A savepoint is a statement too (a round trip), though EF raises it as a transaction's event.
        var (context, text, values) = value.Value switch
        {
            CommandEventData data when value.Key == RelationalEventId.CommandExecuting.Name =>
                (data.Context, data.Command.CommandText, data.Command.Parameters.Cast<DbParameter>().Select(p => p.Value).ToList()),
            TransactionEventData data when value.Key == RelationalEventId.CreatingTransactionSavepoint.Name => (data.Context, "SAVEPOINT", []),
            _ => (null, "", new List<object?>()),
        };
        if (context is null)
        {
            return;
        }
        if (_context is null)
        {
            ByContext.GetOrAdd(context, _ => new()).Enqueue(new Statement(text, values));
        }
        else if (ReferenceEquals(context, _context))
        {
            Texts.Enqueue(text);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _listeners.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}

/// <summary>A statement's text and the values of its parameters (none for a savepoint).</summary>
public sealed record Statement(string Text, IReadOnlyList<object?> Values);
