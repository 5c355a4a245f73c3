using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure;
using Odr.Workflows.Persistence;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Admin;

public sealed record WorkflowView(WorkflowInstance Instance, IReadOnlyList<WorkflowTimer> Timers, IReadOnlyList<WorkflowSignal> Signals,
    IReadOnlyList<WorkflowCommand> Commands, IReadOnlyList<WorkflowHistoryEntry> History);

public sealed record DeadLetterView(Guid Id, Guid InstanceId, string CorrelationId, string Type, int Attempts, string? LastError, DateTimeOffset CreatedAt);

public static class WorkflowAdminEndpoints
{
    public const string AdminPolicy = "api-admin";

    /// <summary>For admins: a case's workflow instance with its timers, inbox, outbox and journal; and every dead-lettered command.</summary>
    public static IEndpointRouteBuilder MapWorkflowAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/workflows").WithTags("Admin").RequireAuthorization(AdminPolicy);
        admin.MapGet("cases/{caseId:guid}", GetForCaseAsync).WithName("GetCaseWorkflow");
        admin.MapGet("dead-letters", GetDeadLettersAsync).WithName("GetDeadLetters");
        admin.MapPost("dead-letters/{commandId:guid}/retry", RetryAsync).WithName("RetryDeadLetter")
            .WithSummary("Gives a dead-lettered command (a notice, a document) a fresh set of attempts.");
        return app;
    }

    private static async Task<Results<Ok<WorkflowView>, NotFound>> GetForCaseAsync(Guid caseId, OdrDbContext db, CancellationToken ct)
    {
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.CorrelationId == caseId.ToString())
            .OrderByDescending(i => i.CreatedAt).FirstOrDefaultAsync(ct);
        if (instance is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(new WorkflowView(
            instance,
            await db.Set<WorkflowTimer>().AsNoTracking().Where(t => t.InstanceId == instance.Id).OrderBy(t => t.CreatedAt).ToListAsync(ct),
            await db.Set<WorkflowSignal>().AsNoTracking().Where(s => s.InstanceId == instance.Id).OrderBy(s => s.CreatedAt).ToListAsync(ct),
            await db.Set<WorkflowCommand>().AsNoTracking().Where(c => c.InstanceId == instance.Id).OrderBy(c => c.Seq).ToListAsync(ct),
            await db.Set<WorkflowHistoryEntry>().AsNoTracking().Where(h => h.InstanceId == instance.Id).OrderBy(h => h.Seq).ToListAsync(ct)));
    }

    private static async Task<Results<NoContent, NotFound>> RetryAsync(Guid commandId, OdrDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (!await WorkflowOutbox.RetryDeadLetterAsync(db, commandId, time.GetUtcNow(), ct))
        {
            return TypedResults.NotFound();
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<DeadLetterView>>> GetDeadLettersAsync(OdrDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await DeadLettersAsync(db, ct));

    /// <summary>Every dead-lettered command with its case, newest first (the admin page shows the same list).</summary>
    public static async Task<List<DeadLetterView>> DeadLettersAsync(OdrDbContext db, CancellationToken ct) =>
        await db.Set<WorkflowCommand>().AsNoTracking().Where(c => c.Status == CommandStatus.DeadLettered)
            .Join(db.Set<WorkflowInstance>(), c => c.InstanceId, i => i.Id, (c, i) => new { Command = c, i.CorrelationId })
            .OrderByDescending(x => x.Command.CreatedAt)
            .Select(x => new DeadLetterView(x.Command.Id, x.Command.InstanceId, x.CorrelationId, x.Command.Type, x.Command.Attempts,
                x.Command.LastError, x.Command.CreatedAt))
            .ToListAsync(ct);
}
