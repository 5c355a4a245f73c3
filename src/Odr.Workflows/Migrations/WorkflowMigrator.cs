using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Odr.Workflows.Persistence;
using Odr.Workflows.Runtime;

namespace Odr.Workflows.Migrations;

/// <summary>
/// Runs the declared migrations at start-up, before the start-up check and the pollers: every running instance of a
/// version a migration starts from is mapped to the next version, one instance per transaction under its concurrency
/// token (so two nodes starting together migrate each instance once), and journaled as <see cref="HistoryKind.Migrated"/>;
/// or, where the migration says so, left on its version and journaled once as <see cref="HistoryKind.MigrationDeclined"/>.
/// Migrations chain (1→2, then 2→3). A migration to a version this build does not register fails the start.
/// </summary>
public sealed class WorkflowMigrator<TContext>(IServiceScopeFactory scopes, WorkflowRegistry registry, IEnumerable<IWorkflowMigration> migrations,
    TimeProvider time, ILogger<WorkflowMigrator<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    private const int Attempts = 5;

    public Task StartAsync(CancellationToken cancellationToken) => MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Migrates what can be migrated; returns how many instances moved to a newer version.</summary>
    public async Task<int> MigrateAsync(CancellationToken ct)
    {
        var migrated = 0;
        foreach (var migration in migrations.OrderBy(m => m.DefinitionName, StringComparer.Ordinal).ThenBy(m => m.FromVersion))
        {
            if (migration.ToVersion <= migration.FromVersion)
            {
                throw new InvalidOperationException($"{migration.GetType().Name} must lead to a newer version.");
            }
            var target = registry.Find(migration.DefinitionName, migration.ToVersion)
                ?? throw new InvalidOperationException($"{migration.GetType().Name} leads to {migration.DefinitionName} version {migration.ToVersion}, which is not registered.");
            List<Guid> ids;
            await using (var scope = scopes.CreateAsyncScope())
            {
                ids = await scope.ServiceProvider.GetRequiredService<TContext>().Set<WorkflowInstance>().AsNoTracking()
                    .Where(i => i.Status == WorkflowStatus.Running && i.DefinitionName == migration.DefinitionName && i.DefinitionVersion == migration.FromVersion)
                    .OrderBy(i => i.CreatedAt).Select(i => i.Id).ToListAsync(ct);
            }
            foreach (var id in ids)
            {
                if (await MigrateOneAsync(migration, target.Hash, id, ct))
                {
                    migrated++;
                }
            }
        }
        return migrated;
    }

    private async Task<bool> MigrateOneAsync(IWorkflowMigration migration, string targetHash, Guid id, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryMigrateAsync(migration, targetHash, id, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                // Another node (or a poller) wrote the instance meanwhile: read it again and decide afresh.
            }
        }
    }

    private async Task<bool> TryMigrateAsync(IWorkflowMigration migration, string targetHash, Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var instance = await db.Set<WorkflowInstance>().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (instance is null || instance.Status != WorkflowStatus.Running || instance.DefinitionVersion != migration.FromVersion
            || instance.DefinitionName != migration.DefinitionName)
        {
            return false; // finished, or migrated by another node, since it was listed
        }
        await WorkflowApplier.LockAsync(db, instance, ct);
        var timers = await db.Set<WorkflowTimer>().Where(t => t.InstanceId == id && t.Status == TimerStatus.Pending).ToListAsync(ct);
        var decision = migration.Decide(new MigrationSubject(id, instance.CurrentStep, instance.StateJson,
            timers.Select(t => new PendingTimer(t.Name, t.Step, t.DueAt)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList()));
        var now = time.GetUtcNow();
        var detail = $"{migration.DefinitionName}@{migration.FromVersion}→{migration.ToVersion}";
        if (!decision.Migrates)
        {
            var declined = $"{detail}: {decision.StayReason}";
            if (await db.Set<WorkflowHistoryEntry>().AnyAsync(h => h.InstanceId == id && h.Kind == HistoryKind.MigrationDeclined && h.DetailJson == declined, ct))
            {
                return false;
            }
            WorkflowApplier.Journal(db, instance, now, HistoryKind.MigrationDeclined, instance.CurrentStep, instance.CurrentStep, declined);
            WorkflowApplier.Touch(instance, now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("Workflow instance {Instance} stays on {Definition}: {Reason}", id, detail, decision.StayReason);
            return false;
        }
        foreach (var mapping in decision.Timers)
        {
            var old = mapping.OldName is null ? null : timers.Single(t => t.Name == mapping.OldName);
            if (old is not null && (mapping.New is null || mapping.New.Name != old.Name))
            {
                old.Status = TimerStatus.Cancelled;
            }
            if (mapping.New is { } becomes)
            {
                if (old is not null && becomes.Name == old.Name)
                {
                    old.Step = becomes.Step;
                    old.DueAt = becomes.DueAt;
                }
                else
                {
                    db.Add(new WorkflowTimer
                    {
                        Id = Guid.CreateVersion7(),
                        InstanceId = id,
                        Name = becomes.Name,
                        Step = becomes.Step,
                        DueAt = becomes.DueAt,
                        Status = TimerStatus.Pending,
                        CreatedAt = now,
                    });
                }
            }
        }
        var fromStep = instance.CurrentStep;
        instance.DefinitionVersion = migration.ToVersion;
        instance.DefinitionHash = targetHash;
        instance.CurrentStep = decision.Step!;
        instance.StateJson = decision.StateJson!;
        WorkflowApplier.Journal(db, instance, now, HistoryKind.Migrated, fromStep, instance.CurrentStep, detail);
        WorkflowApplier.Touch(instance, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }
}
