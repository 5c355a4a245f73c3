using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes.Workflow;
using Odr.Workflows;
using Odr.Workflows.Migrations;
using Odr.Workflows.Persistence;
using Odr.Workflows.Runtime;
using Odr.Workflows.Scheduling;

namespace Odr.Web.Tests.Appeals;

/// <summary>
/// Cases running on version 1 of the dispute workflow at every stage, carried over by the service's restart with
/// version 2 (and its declared migration), each run to its end on a fake clock, the test standing in for the case
/// (it answers each deadline as the aggregate would). Every deadline fires once; none is lost or doubled.
/// </summary>
public sealed class DisputeWorkflowUpgradeTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly StagePeriods Periods = StagePeriods.Default;
    private readonly string _directory = Directory.CreateTempSubdirectory("odr-upgrade-").FullName;
    private readonly TestDatabase _database;
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly UpgradeCommandLog _log = new();
    private readonly Dictionary<Guid, int> _caseVersions = [];

    public DisputeWorkflowUpgradeTests() => _database = TestDatabase.Create(_directory);

    /// <summary>How each case goes on after the upgrade: to an award carried out, an appeal, or a dismissal.</summary>
    private enum Path { Award, Appeal, Dismissal }

    [Fact]
    public async Task CasesOnVersion1_AtEveryStage_FinishAfterTheUpgrade_WithEveryDeadlineFiringOnce()
    {
        var stages = new[] { DisputeStage.AwaitingResponse, DisputeStage.Negotiation, DisputeStage.Mediation, DisputeStage.Arbitration, DisputeStage.Compliance };
        var cases = new Dictionary<DisputeStage, (Guid Case, Guid Instance)>();
        var paths = new Dictionary<Guid, Path>();
        await using (var old = await UpgradeNode.StartAsync(_database, _clock, _log, withVersion2: false))
        {
            foreach (var stage in stages)
            {
                var caseId = Guid.NewGuid();
                var instanceId = await old.StartCaseAsync(caseId, Start + Periods.Response);
                _caseVersions[caseId] = 1;
                if (stage != DisputeStage.AwaitingResponse)
                {
                    await SignalStageAsync(old, instanceId, caseId, stage, Start + Periods.For(stage));
                }
                if (stage == DisputeStage.Arbitration)
                {
                    await old.SignalAsync(instanceId, new CaseEvidenceRequested(caseId, Guid.NewGuid(), Start.AddDays(5)), $"{caseId}:evidence");
                }
                cases[stage] = (caseId, instanceId);
                paths[caseId] = stage switch { DisputeStage.Negotiation => Path.Appeal, DisputeStage.Arbitration => Path.Dismissal, _ => Path.Award };
            }
            await old.Processor.DrainAsync();
            var running = await old.QueryAsync(db => db.Set<WorkflowInstance>().ToListAsync());
            Assert.All(running, i => Assert.Equal((1, WorkflowStatus.Running), (i.DefinitionVersion, i.Status)));
        }

        _clock.Advance(TimeSpan.FromHours(6)); // the upgrade: the service is down a while, then restarts with version 2
        await using var node = await UpgradeNode.StartAsync(_database, _clock, _log, withVersion2: true);

        var instances = await node.QueryAsync(db => db.Set<WorkflowInstance>().ToDictionaryAsync(i => i.Id));
        foreach (var (stage, (_, instanceId)) in cases)
        {
            var instance = instances[instanceId];
            Assert.Equal(stage == DisputeStage.Compliance ? 1 : 2, instance.DefinitionVersion);
            Assert.Equal(DisputeWorkflowV1.StepOf(stage), instance.CurrentStep); // continues where it was: nothing re-runs
        }
        var journal = await node.QueryAsync(db => db.Set<WorkflowHistoryEntry>()
            .Where(h => h.Kind == HistoryKind.Migrated || h.Kind == HistoryKind.MigrationDeclined).ToListAsync());
        Assert.Equal(4, journal.Count(h => h.Kind == HistoryKind.Migrated));
        Assert.Equal(cases[DisputeStage.Compliance].Instance, Assert.Single(journal, h => h.Kind == HistoryKind.MigrationDeclined).InstanceId);
        // The pending timers came across as they were: the evidence request's too.
        var evidenceTimer = await node.QueryAsync(db => db.Set<WorkflowTimer>()
            .SingleAsync(t => t.InstanceId == cases[DisputeStage.Arbitration].Instance && t.Name.StartsWith("evidence-request/")));
        Assert.Equal((TimerStatus.Pending, Start.AddDays(5)), (evidenceTimer.Status, evidenceTimer.DueAt));
        // A second start (another node, or the next restart) finds nothing left to migrate and journals nothing again.
        Assert.Equal(0, await node.Services.GetRequiredService<WorkflowMigrator<UpgradeDbContext>>().MigrateAsync(CancellationToken.None));
        Assert.Equal(journal.Count, await node.QueryAsync(db => db.Set<WorkflowHistoryEntry>()
            .CountAsync(h => h.Kind == HistoryKind.Migrated || h.Kind == HistoryKind.MigrationDeclined)));

        var answered = 0;
        for (var day = 0; day < 200; day++)
        {
            _clock.Advance(TimeSpan.FromDays(1));
            await node.Processor.DrainAsync();
            var runs = _log.Runs.ToList();
            foreach (var (instanceId, command) in runs.Skip(answered))
            {
                await AnswerAsync(node, instanceId, command, paths);
            }
            answered = runs.Count;
            await node.Processor.DrainAsync();
            if (await node.QueryAsync(db => db.Set<WorkflowInstance>().AllAsync(i => i.Status != WorkflowStatus.Running)))
            {
                break;
            }
        }

        var ended = await node.QueryAsync(db => db.Set<WorkflowInstance>().ToListAsync());
        Assert.All(ended, i => Assert.Equal((WorkflowStatus.Completed, "closed"), (i.Status, i.Outcome)));
        var deadlines = _log.Runs.Select(r => r.Command).OfType<ExpireCaseDeadline>().ToList();
        Assert.Equal(deadlines.Count, deadlines.Distinct().Count());
        var reminders = _log.Runs.Select(r => r.Command).OfType<SendDeadlineReminder>().ToList();
        Assert.Equal(reminders.Count, reminders.Distinct().Count());
        // Each case but the dismissed one ended in compliance, whose deadline fired.
        Assert.All(cases.Values.Where(c => paths[c.Case] != Path.Dismissal),
            c => Assert.Contains(deadlines, d => d.CaseId == c.Case && d.Stage == DisputeStage.Compliance));
        Assert.Contains(deadlines, d => d.CaseId == cases[DisputeStage.Negotiation].Case && d.Stage == DisputeStage.Appeal);
        var finalised = _log.Runs.Select(r => r.Command).OfType<FinaliseAward>().ToList();
        // Every award or dismissal made after the upgrade had its appeal period end once; the appealed one none.
        Assert.Equal(new[] { DisputeStage.AwaitingResponse, DisputeStage.Mediation, DisputeStage.Arbitration }.Select(s => cases[s].Case).Order(),
            finalised.Select(f => f.CaseId).Order());
        Assert.Single(_log.Runs.Select(r => r.Command).OfType<LapseEvidenceRequest>());
    }

    /// <summary>What the case would do when a deadline passes: the next stage, as the aggregate's signal.</summary>
    private async Task AnswerAsync(UpgradeNode node, Guid instanceId, object command, Dictionary<Guid, Path> paths)
    {
        if (command is not ExpireCaseDeadline expired)
        {
            return;
        }
        var now = _clock.GetUtcNow();
        var caseId = expired.CaseId;
        switch (expired.Stage)
        {
            case DisputeStage.AwaitingResponse:
            case DisputeStage.Negotiation:
                await SignalStageAsync(node, instanceId, caseId, DisputeStage.Mediation, now + Periods.Mediation);
                break;
            case DisputeStage.Mediation:
                await SignalStageAsync(node, instanceId, caseId, DisputeStage.Arbitration, now + Periods.Arbitration);
                break;
            case DisputeStage.Arbitration when paths[caseId] == Path.Dismissal:
                await SignalStageAsync(node, instanceId, caseId, DisputeStage.Closed, null, now + Periods.Appeal);
                break;
            case DisputeStage.Arbitration:
                // The award on the last day; on the appeal path a party appeals it at once.
                await SignalStageAsync(node, instanceId, caseId, DisputeStage.Compliance, now + Periods.Compliance, now + Periods.Appeal);
                if (paths[caseId] == Path.Appeal)
                {
                    await SignalStageAsync(node, instanceId, caseId, DisputeStage.Appeal, now + Periods.AppealDecision);
                }
                break;
            case DisputeStage.Appeal:
                // The decision (upheld) on its last day: a fresh compliance period, and no second appeal.
                await SignalStageAsync(node, instanceId, caseId, DisputeStage.Compliance, now + Periods.Compliance);
                break;
            case DisputeStage.Compliance:
                await SignalStageAsync(node, instanceId, caseId, DisputeStage.Closed, null);
                break;
        }
    }

    private Task SignalStageAsync(UpgradeNode node, Guid instanceId, Guid caseId, DisputeStage stage, DateTimeOffset? deadline,
        DateTimeOffset? appealableUntil = null)
    {
        var version = ++_caseVersions[caseId];
        return node.SignalAsync(instanceId, new CaseStageChanged(caseId, stage, deadline, version, appealableUntil), $"{caseId}:stage:{version}");
    }

    public void Dispose()
    {
        _database.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a closing connection: the temp folder is cleaned up later
        }
    }
}

public sealed class UpgradeDbContext(DbContextOptions<UpgradeDbContext> options) : DbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreInstantsAsUtcDateTime();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyWorkflowModel();
}

/// <summary>Every command the dispute workflow emitted, in order, with its instance.</summary>
public sealed class UpgradeCommandLog
{
    public ConcurrentQueue<(Guid InstanceId, object Command)> Runs { get; } = new();
}

public sealed class LoggingCommandHandler<TCommand>(UpgradeCommandLog log) : ICommandHandler<TCommand> where TCommand : class
{
    public Task HandleAsync(TCommand command, CommandContext context, CancellationToken ct)
    {
        log.Runs.Enqueue((context.InstanceId, command));
        return Task.CompletedTask;
    }
}

/// <summary>The service as far as the dispute workflow goes: the runtime, the definitions of one build, logging handlers.</summary>
public sealed class UpgradeNode : IAsyncDisposable
{
    private UpgradeNode(IHost host) => Host = host;

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public WorkflowProcessor<UpgradeDbContext> Processor => Services.GetRequiredService<WorkflowProcessor<UpgradeDbContext>>();

    public static async Task<UpgradeNode> StartAsync(TestDatabase database, FakeTimeProvider clock, UpgradeCommandLog log, bool withVersion2)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(log);
        builder.Services.AddDbContext<UpgradeDbContext>((sp, options) => database.Use(options).AddWorkflowWakeups(sp));
        builder.Services.AddWorkflows<UpgradeDbContext>(o =>
        {
            o.NodeId = withVersion2 ? "v2" : "v1";
            o.RunPollers = false;
        });
        builder.Services.AddWorkflowDefinition<DisputeWorkflowV1>();
        if (withVersion2)
        {
            builder.Services.AddWorkflowDefinition<DisputeWorkflowV2>();
            builder.Services.AddWorkflowMigration<DisputeWorkflowV1ToV2>();
            builder.Services.AddWorkflowCommandHandler<FinaliseAward, LoggingCommandHandler<FinaliseAward>>();
        }
        builder.Services.AddWorkflowCommandHandler<ExpireCaseDeadline, LoggingCommandHandler<ExpireCaseDeadline>>();
        builder.Services.AddWorkflowCommandHandler<SendDeadlineReminder, LoggingCommandHandler<SendDeadlineReminder>>();
        builder.Services.AddWorkflowCommandHandler<AssignNeutral, LoggingCommandHandler<AssignNeutral>>();
        builder.Services.AddWorkflowCommandHandler<LapseEvidenceRequest, LoggingCommandHandler<LapseEvidenceRequest>>();
        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<UpgradeDbContext>();
            await db.Database.EnsureCreatedAsync();
        }
        await host.StartAsync(); // the migrator runs here, before the start-up check
        return new UpgradeNode(host);
    }

    public async Task<Guid> StartCaseAsync(Guid caseId, DateTimeOffset responseDeadline)
    {
        await using var scope = Services.CreateAsyncScope();
        var id = await scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>().StartAsync(DisputeWorkflowV1.WorkflowName, caseId.ToString(),
            new DisputeWorkflowState { CaseId = caseId, Stage = DisputeStage.AwaitingResponse, Deadline = responseDeadline, ReminderLead = TimeSpan.FromDays(2), CaseVersion = 1 },
            CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<UpgradeDbContext>().SaveChangesAsync();
        return id;
    }

    public async Task SignalAsync(Guid instanceId, object signal, string key)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>().SignalAsync(instanceId, signal, key, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<UpgradeDbContext>().SaveChangesAsync();
    }

    public async Task<T> QueryAsync<T>(Func<UpgradeDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<UpgradeDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
