using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Neutrals;
using Odr.Web.Features.Notices;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Operations;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Disputes.Workflow;

// Each handler loads the case, asks the aggregate, and saves. The aggregate ignores what is stale, so running a
// command twice (after a crash or retry) changes nothing the second time. Saving also commits the command as done.

public sealed class ExpireCaseDeadlineHandler(OdrDbContext db, TimeProvider time, IOptions<DeadlineOptions> deadlines, OdrMetrics metrics)
    : ICommandHandler<ExpireCaseDeadline>
{
    public async Task HandleAsync(ExpireCaseDeadline command, CommandContext context, CancellationToken ct)
    {
        if (await db.LoadCaseAsync(new DisputeId(command.CaseId), ct) is { } dispute)
        {
            // The seller is reached once the notice of the complaint has gone out (SentNotices records it).
            var sellerReached = dispute.Stage != DisputeStage.AwaitingResponse || await db.Set<SentNotice>().AnyAsync(n =>
                n.DisputeId == dispute.Id && n.Kind == NoticeKind.ComplaintFiled && n.Recipient == CaseRole.Seller, ct);
            dispute.ExpireDeadline(command.Stage, command.Deadline, time.GetUtcNow(), deadlines.Value.ToPeriods(), sellerReached);
            await db.SaveChangesAsync(ct);
            metrics.DeadlineFired(command.Stage.ToString());
        }
    }
}

public sealed class SendDeadlineReminderHandler(OdrDbContext db, TimeProvider time) : ICommandHandler<SendDeadlineReminder>
{
    public async Task HandleAsync(SendDeadlineReminder command, CommandContext context, CancellationToken ct)
    {
        if (await db.LoadCaseAsync(new DisputeId(command.CaseId), ct) is { } dispute)
        {
            dispute.RecordReminder(command.Stage, command.Deadline, time.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
    }
}

public sealed class AssignNeutralHandler(OdrDbContext db, NeutralPool pool, TimeProvider time) : ICommandHandler<AssignNeutral>
{
    public async Task HandleAsync(AssignNeutral command, CommandContext context, CancellationToken ct)
    {
        if (await db.LoadCaseAsync(new DisputeId(command.CaseId), ct) is not { } dispute)
        {
            return;
        }
        var needed = command.Role == CaseRole.Mediator
            ? dispute is { Stage: DisputeStage.Mediation, MediatorId: null }
            : dispute is { Stage: DisputeStage.Arbitration or DisputeStage.Appeal, ArbitratorId: null };
        if (!needed)
        {
            return;
        }
        // No one free is a fault to retry (and, if it lasts, a dead letter an admin sees), not a silent skip.
        var neutral = await pool.ChooseAsync(dispute, command.Role, ct)
            ?? throw new InvalidOperationException($"No {command.Role.ToString().ToLowerInvariant()} without a conflict speaks {dispute.Language} for case {dispute.Number}.");
        var now = time.GetUtcNow();
        _ = command.Role == CaseRole.Mediator ? dispute.AssignMediator(neutral, now) : dispute.AssignArbitrator(neutral, now);
        await db.SaveChangesAsync(ct);
    }
}

public sealed class LapseEvidenceRequestHandler(OdrDbContext db, TimeProvider time) : ICommandHandler<LapseEvidenceRequest>
{
    public async Task HandleAsync(LapseEvidenceRequest command, CommandContext context, CancellationToken ct)
    {
        if (await db.LoadCaseAsync(new DisputeId(command.CaseId), ct) is { } dispute)
        {
            dispute.LapseEvidenceRequest(new EvidenceRequestId(command.RequestId), time.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
    }
}

public sealed class FinaliseAwardHandler(OdrDbContext db, TimeProvider time) : ICommandHandler<FinaliseAward>
{
    public async Task HandleAsync(FinaliseAward command, CommandContext context, CancellationToken ct)
    {
        if (await db.LoadCaseAsync(new DisputeId(command.CaseId), ct) is { } dispute)
        {
            dispute.MakeAwardFinal(time.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
    }
}
