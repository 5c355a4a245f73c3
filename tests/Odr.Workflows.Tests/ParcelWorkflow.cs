using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Odr.Workflows.Definitions;
using Odr.Workflows.Persistence;
using Odr.Workflows.Runtime;
using Odr.Workflows.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace Odr.Workflows.Tests;

// A small workflow that knows nothing of disputes: a parcel is waited for, escalated when late, closed when delivered.

public sealed class ParcelState
{
    public string ParcelId { get; set; } = "";
    public string? LastNote { get; set; }
    public int Escalations { get; set; }
}

public sealed record Delivered(string ParcelId);

public sealed record Note(string Text);

public sealed record Remind(string ParcelId);

public sealed record Escalate(string ParcelId, string From);

/// <summary>A command the tests emit themselves, whose handler they can hold up (<see cref="CommandLog.Hold"/>).</summary>
public sealed record Ship(string ParcelId);

public sealed class ParcelWorkflow : WorkflowDefinition<ParcelState>
{
    public override string Name => "parcel";

    public override int Version => 1;

    public override string InitialStep => "waiting";

    protected internal override void Define(StepMap<ParcelState> steps)
    {
        steps.Step("waiting")
            .OnEnter(ctx =>
            {
                ctx.StartTimer("deadline", ctx.Now.AddDays(7));
                ctx.StartTimer("reminder", ctx.Now.AddDays(5));
            })
            .OnTimer("reminder", ctx => ctx.Emit(new Remind(ctx.State.ParcelId)))
            .OnTimer("deadline", ctx =>
            {
                ctx.State.Escalations++;
                ctx.Emit(new Escalate(ctx.State.ParcelId, "waiting"));
                ctx.GoTo("escalated");
            })
            .OnSignal<Delivered>((ctx, _) => ctx.GoTo("done"));
        steps.Step("escalated")
            .OnEnter(ctx => ctx.StartTimer("deadline", ctx.Now.AddDays(3)))
            .OnTimer("deadline", ctx => ctx.Complete("expired"))
            .OnSignal<Delivered>((ctx, _) => ctx.GoTo("done"));
        steps.Step("done").OnEnter(ctx => ctx.Complete("delivered"));
        steps.InAnyStep().OnSignal<Note>((ctx, note) => ctx.State.LastNote = note.Text);
    }
}

public sealed class WorkflowTestDbContext(DbContextOptions<WorkflowTestDbContext> options) : DbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreInstantsAsUtcDateTime();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyWorkflowModel();
}

/// <summary>What the command handlers saw, shared by every host of one test.</summary>
public sealed class CommandLog
{
    public ConcurrentQueue<(string Type, string Key, string Node)> Runs { get; } = new();

    /// <summary>Remind fails this many times before it succeeds (to test retries).</summary>
    public int RemindFailures { get; set; }

    /// <summary>Remind loses this many concurrency races (its save finds the data changed) before it succeeds.</summary>
    public int RemindConflicts { get; set; }

    /// <summary>Parcels whose next Ship command waits until the test releases it.</summary>
    public ConcurrentDictionary<string, HeldCommand> Held { get; } = new();

    public HeldCommand Hold(string parcelId) => Held[parcelId] = new HeldCommand();
}

/// <summary>A command handler held up by a test, and what it did once released.</summary>
public sealed class HeldCommand
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How the handler's own save ended once released: null when it committed, else its error.</summary>
    public TaskCompletionSource<Exception?> Saved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed class RemindHandler(CommandLog log, Microsoft.Extensions.Options.IOptions<WorkflowOptions> options) : ICommandHandler<Remind>
{
    public Task HandleAsync(Remind command, CommandContext context, CancellationToken ct)
    {
        if (log.RemindFailures-- > 0)
        {
            throw new InvalidOperationException("mail server down");
        }
        if (log.RemindConflicts-- > 0)
        {
            throw new DbUpdateConcurrencyException("The parcel changed since it was read.");
        }
        log.Runs.Enqueue((nameof(Remind), context.IdempotencyKey, options.Value.NodeId));
        return Task.CompletedTask;
    }
}

public sealed class EscalateHandler(CommandLog log, Microsoft.Extensions.Options.IOptions<WorkflowOptions> options) : ICommandHandler<Escalate>
{
    public Task HandleAsync(Escalate command, CommandContext context, CancellationToken ct)
    {
        log.Runs.Enqueue((nameof(Escalate), context.IdempotencyKey, options.Value.NodeId));
        return Task.CompletedTask;
    }
}

/// <summary>
/// Ships; when the test holds the parcel, first waits to be released, deaf to its token, as a handler stuck in work that
/// never looks at it would; then saves, as a handler with effects does.
/// </summary>
public sealed class ShipHandler(CommandLog log, WorkflowTestDbContext db, Microsoft.Extensions.Options.IOptions<WorkflowOptions> options)
    : ICommandHandler<Ship>
{
    public async Task HandleAsync(Ship command, CommandContext context, CancellationToken ct)
    {
        var held = log.Held.TryRemove(command.ParcelId, out var hold) ? hold : null;
        if (held is not null)
        {
            held.Started.SetResult();
            await held.Released.Task;
        }
        log.Runs.Enqueue((nameof(Ship), context.IdempotencyKey, options.Value.NodeId));
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
            held?.Saved.SetResult(null);
        }
        catch (Exception e) when (held is not null)
        {
            held.Saved.SetResult(e);
            throw;
        }
    }
}

/// <summary>One "node": a host with the runtime over the test's database, its own node id, sharing the test's clock and log.</summary>
public sealed class ParcelNode : IAsyncDisposable
{
    private ParcelNode(IHost host) => Host = host;

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public WorkflowProcessor<WorkflowTestDbContext> Processor => Services.GetRequiredService<WorkflowProcessor<WorkflowTestDbContext>>();

    public static async Task<ParcelNode> StartAsync(TestDatabase database, FakeTimeProvider clock, CommandLog log, string nodeId,
        bool runPollers = false, IEnumerable<Microsoft.Extensions.DependencyInjection.ServiceDescriptor>? extra = null, IInterceptor? interceptor = null,
        TimeSpan? commandTimeout = null, Action<WorkflowOptions>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(log);
        builder.Services.AddDbContext<WorkflowTestDbContext>((sp, options) => database.Use(options)
            .AddWorkflowWakeups(sp)
            .AddInterceptors(interceptor is null ? [] : [interceptor]));
        builder.Services.AddWorkflows<WorkflowTestDbContext>(o =>
        {
            o.NodeId = nodeId;
            o.RunPollers = runPollers;
            o.PollInterval = TimeSpan.FromSeconds(1);
            o.MaxCommandAttempts = 3;
            o.CommandTimeout = commandTimeout ?? o.CommandTimeout;
            configure?.Invoke(o);
        });
        builder.Services.AddWorkflowDefinition<ParcelWorkflow>();
        builder.Services.AddWorkflowCommandHandler<Remind, RemindHandler>();
        builder.Services.AddWorkflowCommandHandler<Escalate, EscalateHandler>();
        builder.Services.AddWorkflowCommandHandler<Ship, ShipHandler>();
        foreach (var descriptor in extra ?? [])
        {
            builder.Services.Add(descriptor);
        }
        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowTestDbContext>();
            await db.Database.EnsureCreatedAsync();
            if (database.IsSqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
        }
        await host.StartAsync();
        return new ParcelNode(host);
    }

    public async Task<Guid> StartParcelAsync(string parcelId)
    {
        await using var scope = Services.CreateAsyncScope();
        var runtime = scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>();
        var id = await runtime.StartAsync("parcel", parcelId, new ParcelState { ParcelId = parcelId }, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<WorkflowTestDbContext>().SaveChangesAsync();
        return id;
    }

    public async Task SignalAsync(Guid instanceId, object signal, string key)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>().SignalAsync(instanceId, signal, key, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<WorkflowTestDbContext>().SaveChangesAsync();
    }

    /// <summary>Puts <paramref name="command"/> in the instance's outbox, due now, as a workflow step would.</summary>
    public Task EmitAsync(Guid instanceId, object command, string key) => QueryAsync(async db =>
    {
        await WorkflowOutbox.AddCommandAsync(db, instanceId, command, key, Services.GetRequiredService<TimeProvider>().GetUtcNow(), CancellationToken.None);
        return await db.SaveChangesAsync();
    });

    public async Task<T> QueryAsync<T>(Func<WorkflowTestDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WorkflowTestDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
