using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes.Workflow;
using Odr.Web.Infrastructure;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Rulings;

/// <summary>
/// Issues the signed PDF for a committed outcome. Idempotent: a case has at most one document per kind (the aggregate
/// refuses a second, and a unique index backs it), so a retried or duplicated command issues nothing more.
/// </summary>
public sealed class IssueCaseDocumentHandler(OdrDbContext db, DocumentComposer composer, DocumentStore store, TimeProvider time,
    Sellers.SellerIdentities sellers)
    : ICommandHandler<IssueCaseDocument>
{
    public async Task HandleAsync(IssueCaseDocument command, CommandContext context, CancellationToken ct)
    {
        var dispute = await db.LoadCaseAsync(new DisputeId(command.CaseId), ct);
        if (dispute is null || !dispute.AwaitsDocument(command.Kind))
        {
            return;
        }
        var names = await db.Users.AsNoTracking()
            .Where(u => u.Id == dispute.Buyer.UserId.Value || (dispute.MediatorId != null && u.Id == dispute.MediatorId.Value.Value)
                || (dispute.ArbitratorId != null && u.Id == dispute.ArbitratorId.Value.Value))
            .ToDictionaryAsync(u => u.Id, u => u.NameForDisplay, ct);
        var people = new DocumentPeople(
            names.GetValueOrDefault(dispute.Buyer.UserId.Value) ?? "The buyer",
            dispute.MediatorId is { } mediator ? names.GetValueOrDefault(mediator.Value) : null,
            dispute.ArbitratorId is { } arbitrator ? names.GetValueOrDefault(arbitrator.Value) : null,
            await sellers.ForCaseAsync(dispute, ct));
        var history = await db.CaseEvents.AsNoTracking().Where(e => e.DisputeId == dispute.Id).OrderBy(e => e.Seq).ToListAsync(ct);

        var now = time.GetUtcNow();
        var code = DocumentStore.NewVerificationCode();
        var pdf = composer.Compose(dispute, command.Kind, people, history, code, now);
        var documentId = DocumentId.New();
        await store.WriteAsync(documentId, pdf, ct);
        try
        {
            dispute.RecordDocumentIssued(documentId, command.Kind, Convert.ToHexStringLower(SHA256.HashData(pdf)), code, pdf.LongLength, now);
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            store.Delete(documentId); // no record, no file
            throw;
        }
    }
}
