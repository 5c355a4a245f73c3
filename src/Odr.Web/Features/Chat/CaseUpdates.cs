using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Chat;

/// <summary>Tell everyone watching a case that it moved (enqueued with each stage change, sent after the commit).</summary>
public sealed record PushCaseUpdate(Guid CaseId, DisputeStage Stage, DateTimeOffset? Deadline);

public sealed class PushCaseUpdateHandler(OdrDbContext db, ChatService chat) : ICommandHandler<PushCaseUpdate>
{
    public async Task HandleAsync(PushCaseUpdate command, CommandContext context, CancellationToken ct)
    {
        if (await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == new DisputeId(command.CaseId), ct) is { } dispute)
        {
            await chat.SendToReadersAsync(dispute, ChatChannel.Joint, "caseUpdated", new CaseUpdatedResponse(command.CaseId, command.Stage, command.Deadline), ct);
        }
    }
}
