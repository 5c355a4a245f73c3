using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure.Json;

namespace Odr.Web.Infrastructure.History;

/// <summary>Turns domain events into hash-chained <see cref="CaseEvent"/> rows, in the transaction that raised them.</summary>
public static class CaseHistory
{
    /// <summary>The history type name, acting role and data of an event, as api.md names them.</summary>
    public static (string Type, CaseRole Actor, object Data) Describe(IDomainEvent domainEvent) => domainEvent switch
    {
        DisputeFiled e => ("filed", CaseRole.Buyer, new { number = e.Number.ToString(), responseDeadline = e.ResponseDeadline }),
        EvidenceAdded e => ("evidenceAdded", e.SubmittedBy,
            new { evidenceId = e.EvidenceId.Value, sha256 = e.Sha256, sizeBytes = e.SizeBytes, contentType = e.ContentType }),
        _ => throw new InvalidOperationException($"No history mapping for {domainEvent.GetType().Name}."),
    };

    public static string ComputeHash(string previousHash, string canonical) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + canonical)));

    /// <summary>The canonical text of an event: fixed field order, camelCase, UTC times.</summary>
    public static string Canonicalize(int seq, string type, DateTimeOffset at, CaseRole actor, object data) =>
        JsonSerializer.Serialize(new CanonicalEvent(seq, type, at, actor, data), OdrJson.Options);

    /// <summary>Appends the pending domain events of every tracked case to its chain.</summary>
    internal static async Task AppendPendingAsync(OdrDbContext db, CancellationToken ct)
    {
        var cases = db.ChangeTracker.Entries<DisputeCase>()
            .Where(entry => entry.Entity.DomainEvents.Count > 0)
            .Select(entry => entry.Entity)
            .ToList();
        foreach (var dispute in cases)
        {
            var last = await db.CaseEvents.AsNoTracking()
                .Where(e => e.DisputeId == dispute.Id)
                .OrderByDescending(e => e.Seq)
                .Select(e => new { e.Seq, e.Hash })
                .FirstOrDefaultAsync(ct);
            var seq = last?.Seq ?? 0;
            var previousHash = last?.Hash ?? CaseEvent.GenesisHash;
            foreach (var domainEvent in dispute.DomainEvents)
            {
                var (type, actor, data) = Describe(domainEvent);
                seq++;
                var canonical = Canonicalize(seq, type, domainEvent.OccurredAt, actor, data);
                var hash = ComputeHash(previousHash, canonical);
                db.CaseEvents.Add(new CaseEvent
                {
                    DisputeId = dispute.Id,
                    Seq = seq,
                    Type = type,
                    At = domainEvent.OccurredAt,
                    ActorRole = JsonNamingPolicy.CamelCase.ConvertName(actor.ToString()),
                    Canonical = canonical,
                    PreviousHash = previousHash,
                    Hash = hash,
                });
                previousHash = hash;
            }
        }
    }

    private sealed record CanonicalEvent(int Seq, string Type, DateTimeOffset At, CaseRole ActorRole, object Data);
}
