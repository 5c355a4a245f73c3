using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure.Persistence;

namespace Odr.Web.Tests.Filing;

/// <summary>
/// Filings on one node take turns for the year's number: one at a time, a turn given back once however often its holder
/// lets go, a cancelled wait takes none, and a turn held while the service shuts down is given back without an error.
/// </summary>
public sealed class CaseNumberTurnTests
{
    [Fact]
    public async Task ASecondFiling_WaitsUntilTheFirstGivesItsTurnBack()
    {
        var turn = new CaseNumberTurn();
        var first = await turn.WaitAsync(CancellationToken.None);

        var second = turn.WaitAsync(CancellationToken.None);
        Assert.False(second.IsCompleted); // nothing but the first's release can let it in

        first.Dispose();
        (await second).Dispose();
    }

    [Fact]
    public async Task ATurnLetGoTwice_IsGivenBackOnce()
    {
        var turn = new CaseNumberTurn();
        var first = await turn.WaitAsync(CancellationToken.None);
        first.Dispose();
        first.Dispose();

        using var second = await turn.WaitAsync(CancellationToken.None);
        var third = turn.WaitAsync(CancellationToken.None);

        Assert.False(third.IsCompleted); // the second holds the turn: a third may not have it beside the second
    }

    [Fact]
    public async Task ACancelledWait_TakesNoTurn()
    {
        var turn = new CaseNumberTurn();
        var held = await turn.WaitAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = turn.WaitAsync(cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        held.Dispose();
        var next = turn.WaitAsync(CancellationToken.None);
        Assert.True(next.IsCompletedSuccessfully); // the turn is free at once: the cancelled wait holds none
        (await next).Dispose();
    }

    /// <summary>
    /// The service's singletons are disposed when it stops; a filing still in its transaction then gives its turn back
    /// (and a transaction its write turn) into a disposed semaphore, which threw. Neither is disposable now.
    /// </summary>
    [Fact]
    public async Task ATurnHeldWhileTheServiceStops_IsGivenBackWithoutAnError()
    {
        var services = new ServiceCollection().AddSingleton<CaseNumberTurn>().AddSingleton<SqliteWriteGate>().BuildServiceProvider();
        var filing = await services.GetRequiredService<CaseNumberTurn>().WaitAsync(CancellationToken.None);
        var gate = services.GetRequiredService<SqliteWriteGate>();
        using var transaction = new DbContext(new DbContextOptionsBuilder().Options); // only a holder: it never connects
        await gate.EnterAsync(transaction, CancellationToken.None);

        await services.DisposeAsync();

        filing.Dispose();
        gate.Leave(transaction);
    }
}
