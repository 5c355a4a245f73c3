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

/// <summary>
/// Tell everyone watching a case that its signed document is out (enqueued when the document is recorded, sent after that
/// commit): the case page shows the link without a reload, and a client waiting for the document need not poll for it.
/// </summary>
public sealed record PushDocumentIssued(Guid CaseId, Guid DocumentId, DocumentKind Kind, string Sha256, string VerificationCode, DateTimeOffset IssuedAt);

public sealed class PushDocumentIssuedHandler(OdrDbContext db, ChatService chat) : ICommandHandler<PushDocumentIssued>
{
    public async Task HandleAsync(PushDocumentIssued command, CommandContext context, CancellationToken ct)
    {
        if (await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == new DisputeId(command.CaseId), ct) is { } dispute)
        {
            await chat.SendToReadersAsync(dispute, ChatChannel.Joint, "documentIssued", new DocumentIssuedResponse(command.CaseId,
                new Rulings.DocumentResponse(command.DocumentId, command.Kind, command.Sha256, command.VerificationCode, command.IssuedAt)), ct);
        }
    }
}
