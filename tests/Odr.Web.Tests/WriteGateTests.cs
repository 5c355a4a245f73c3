using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Persistence;

namespace Odr.Web.Tests;

/// <summary>The in-process queue for SQLite's one writer: transactions take turns, and every way out gives the turn back.</summary>
public class WriteGateTests(SqliteWebFactory factory) : IClassFixture<SqliteWebFactory>
{
    private async Task<long> CountNumbersAsync(int year)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        return await db.CaseNumberSequences.Where(s => s.Year == year).Select(s => (long?)s.LastValue).SingleOrDefaultAsync() ?? 0;
    }

    /// <summary>
    /// Every connection the service opens waits inside SQLite, up to the gate's own limit, for a writer of another
    /// process (a second node on the same file), however it is set.
    /// </summary>
    [Fact]
    public async Task EveryConnection_WaitsInsideSqliteForAWriterOfAnotherProcess()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        Assert.Equal((long)SqliteWriteGate.Timeout.TotalMilliseconds, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task ConcurrentTransactions_AllCommit_OneAtATime()
    {
        const int year = 2098;
        const int writers = 40;
        var inside = 0;
        var most = 0;
        Assert.Equal(0, await CountNumbersAsync(year)); // starts the service once, before the writers race
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            // A read, then a write, in one transaction: the pattern that made concurrent SQLite writers collide.
            var next = await CaseNumberSequence.NextAsync(db, year, CancellationToken.None);
            Assert.Equal(year, next.Year);
            await db.SaveChangesAsync();
            Interlocked.Decrement(ref inside);
            await transaction.CommitAsync();
        })));

        Assert.Equal(1, most);
        Assert.Equal(writers, await CountNumbersAsync(year));
    }

    [Fact]
    public async Task ATransactionAbandonedByAnError_GivesItsTurnBack()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await CaseNumberSequence.NextAsync(db, 2099, CancellationToken.None);
            await db.SaveChangesAsync();
            // Disposed without commit or rollback, as when an exception leaves the block.
        }

        var clock = Stopwatch.StartNew();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await transaction.CommitAsync();
        }
        Assert.True(clock.Elapsed < SqliteWriteGate.Timeout / 2, $"The next transaction waited {clock.Elapsed}.");
        Assert.Equal(0, await CountNumbersAsync(2099)); // and the abandoned one was rolled back
    }

    /// <summary>
    /// A save that fails on a connection opened by hand (a chat post keeps one for its reads and its save) gives the write
    /// turn back at once, so the same context can try again. Left to its disposal, the save's transaction would give the
    /// turn back only when its connection closed, and this one stays open: the retry waited on its own turn.
    /// </summary>
    [Fact]
    public async Task AFailedSave_OnAConnectionOpenedByHand_GivesItsTurnBack_SoTheContextCanTryAgain()
    {
        const int year = 2095;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            db.CaseNumberSequences.Add(new CaseNumberSequence { Year = year, LastValue = 1 });
            await db.SaveChangesAsync();
        }
        await using var retrying = factory.Services.CreateAsyncScope();
        var context = retrying.ServiceProvider.GetRequiredService<OdrDbContext>();
        await context.Database.OpenConnectionAsync();
        context.CaseNumberSequences.Add(new CaseNumberSequence { Year = year, LastValue = 5 }); // the year's row exists
        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
        context.ChangeTracker.Clear();

        // A ceiling for a broken run, not an expectation: with the turn free the transaction begins at once.
        using var ceiling = new CancellationTokenSource(SqliteWriteGate.Timeout / 2);
        await using (var again = await context.Database.BeginTransactionAsync(ceiling.Token))
        {
            await again.CommitAsync();
        }
        Assert.Equal(1, await CountNumbersAsync(year));
    }

    /// <summary>The ways a writer reaches SQLite: a transaction, a lone bulk update, a lone writing query read through a reader.</summary>
    public enum Writer { Transaction, BulkUpdate, UpdateReturning }

    private static Task<List<int>> TakeNumbersReturningAsync(OdrDbContext db, int year, CancellationToken ct) =>
        db.Database.SqlQuery<int>($"""UPDATE "CaseNumberSequences" SET "LastValue" = "LastValue" + 1 WHERE "Year" = {year} RETURNING "LastValue" AS "Value" """)
            .ToListAsync(ct);

    [Theory]
    [InlineData(Writer.Transaction)]
    [InlineData(Writer.BulkUpdate)]
    [InlineData(Writer.UpdateReturning)]
    public async Task AWriterWaitingForItsTurn_WaitsInTheQueue_SoItsRequestCanGiveUp(Writer writer)
    {
        await CountNumbersAsync(2097); // the service started
        await using var holderScope = factory.Services.CreateAsyncScope();
        var holder = holderScope.ServiceProvider.GetRequiredService<OdrDbContext>();
        await using var turn = await holder.Database.BeginTransactionAsync();

        // A second writer, whichever way it writes, waits while the first holds the turn. Waiting in the queue, it stops as
        // soon as its request is cancelled; waiting inside SQLite, it would sleep on until the 30 s timeout.
        await using var waiterScope = factory.Services.CreateAsyncScope();
        var waiter = waiterScope.ServiceProvider.GetRequiredService<OdrDbContext>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            switch (writer)
            {
                case Writer.Transaction:
                    await using (await waiter.Database.BeginTransactionAsync(cancel.Token))
                    {
                    }
                    break;
                case Writer.BulkUpdate:
                    await waiter.CaseNumberSequences.Where(s => s.Year == 2097).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastValue, 1), cancel.Token);
                    break;
                case Writer.UpdateReturning:
                    await TakeNumbersReturningAsync(waiter, 2097, cancel.Token);
                    break;
            }
        });
        Assert.True(clock.Elapsed < SqliteWriteGate.Timeout / 3, $"The waiting writer gave up only after {clock.Elapsed}.");

        await turn.CommitAsync();
        await using var next = await waiter.Database.BeginTransactionAsync(); // and the turn is free again
        await next.CommitAsync();
    }

    [Fact]
    public async Task ALoneWritingQuery_GivesTheTurnBackWhenItsReaderGoes()
    {
        const int year = 2096;
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        await using (var first = await db.Database.BeginTransactionAsync())
        {
            await CaseNumberSequence.NextAsync(db, year, CancellationToken.None);
            await first.CommitAsync();
        }

        Assert.Equal([2], await TakeNumbersReturningAsync(db, year, CancellationToken.None));

        // Were the turn still held, this would wait the whole timeout and fail.
        using var cancel = new CancellationTokenSource(SqliteWriteGate.Timeout / 3);
        await using var next = await db.Database.BeginTransactionAsync(cancel.Token);
        await next.CommitAsync();
        Assert.Equal(2, await CountNumbersAsync(year));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}

/// <summary>The service on SQLite in every run, for tests of SQLite's own machinery.</summary>
public sealed class SqliteWebFactory() : OdrWebFactory(sqliteOnly: true);
