using Microsoft.AspNetCore.SignalR;
using Odr.Domain.Disputes;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Chat;

/// <summary>Tell everyone watching a case that it moved (enqueued with each stage change, sent after the commit).</summary>
public sealed record PushCaseUpdate(Guid CaseId, DisputeStage Stage, DateTimeOffset? Deadline);

public sealed class PushCaseUpdateHandler(IHubContext<DisputeChatHub> hub) : ICommandHandler<PushCaseUpdate>
{
    public Task HandleAsync(PushCaseUpdate command, CommandContext context, CancellationToken ct) =>
        hub.Clients.Group(ChatService.Group(command.CaseId, ChatChannel.Joint))
            .SendAsync("caseUpdated", new CaseUpdatedResponse(command.CaseId, command.Stage, command.Deadline), ct);
}
