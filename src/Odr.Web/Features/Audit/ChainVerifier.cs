using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Web.Features.Chat;
using Odr.Web.Features.Rulings;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.History;
using Odr.Web.Infrastructure.Storage;

namespace Odr.Web.Features.Audit;

public sealed record BrokenCase(Guid CaseId, string CaseNumber, IReadOnlyList<string> Problems);

public sealed record AuditResult(bool Valid, int CasesChecked, int EventsChecked, IReadOnlyList<BrokenCase> BrokenCases, DateTimeOffset CheckedAt);

/// <summary>
/// Checks every case's history as docs/audit.md describes: the chain (sequence without gaps, each previous hash, each
/// hash recomputed over the stored canonical text, the copied columns equal to the canonical text), and the hashes it
/// vouches for: each evidence file, chat message and document has exactly the hash its event recorded, and no such
/// row exists without its event; each message's text and each evidence and document file still hash to it.
/// </summary>
public sealed class ChainVerifier(OdrDbContext db, EvidenceStore evidenceFiles, DocumentStore documents, TimeProvider time)
{
    public async Task<AuditResult> VerifyAllAsync(CancellationToken ct)
    {
        var cases = await db.Cases.AsNoTracking().Select(c => new { c.Id, c.Number }).ToListAsync(ct);
        var broken = new List<BrokenCase>();
        var eventsChecked = 0;
        foreach (var c in cases)
        {
            var (problems, count) = await VerifyAsync(c.Id, ct);
            eventsChecked += count;
            if (problems.Count > 0)
            {
                broken.Add(new BrokenCase(c.Id.Value, c.Number.ToString(), problems));
            }
        }
        return new AuditResult(broken.Count == 0, cases.Count, eventsChecked, broken, time.GetUtcNow());
    }

    public async Task<(IReadOnlyList<string> Problems, int EventsChecked)> VerifyAsync(DisputeId caseId, CancellationToken ct)
    {
        var problems = new List<string>();
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.DisputeId == caseId).OrderBy(e => e.Seq).ToListAsync(ct);
        var previous = CaseEvent.GenesisHash;
        var expectedSeq = 1;
        var vouched = new Dictionary<(string Type, Guid Id), string>();
        foreach (var e in events)
        {
            if (e.Seq != expectedSeq)
            {
                problems.Add($"event {expectedSeq}: missing (the next stored event is {e.Seq})");
            }
            expectedSeq = e.Seq + 1;
            if (e.PreviousHash != previous)
            {
                problems.Add($"event {e.Seq}: its previous hash does not match event {e.Seq - 1}'s hash");
            }
            if (CaseHistory.ComputeHash(e.PreviousHash, e.Canonical) != e.Hash)
            {
                problems.Add($"event {e.Seq}: its content does not match its hash");
            }
            previous = e.Hash;
            try
            {
                using var canonical = JsonDocument.Parse(e.Canonical);
                var root = canonical.RootElement;
                if (root.GetProperty("seq").GetInt32() != e.Seq || root.GetProperty("type").GetString() != e.Type
                    || root.GetProperty("actorRole").GetString() != e.ActorRole || root.GetProperty("at").GetDateTimeOffset() != e.At)
                {
                    problems.Add($"event {e.Seq}: its columns differ from its hashed text");
                }
                var data = root.GetProperty("data");
                var reference = e.Type switch
                {
                    "evidenceAdded" => ("evidence", data.GetProperty("evidenceId").GetGuid()),
                    "messagePosted" => ("message", data.GetProperty("messageId").GetGuid()),
                    "documentIssued" => ("document", data.GetProperty("documentId").GetGuid()),
                    _ => default,
                };
                if (reference.Item1 is not null)
                {
                    vouched[reference] = data.GetProperty("sha256").GetString()!;
                }
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                problems.Add($"event {e.Seq}: its stored text is not a well-formed event");
            }
        }

        var evidence = await db.Evidence.AsNoTracking().Where(x => x.DisputeId == caseId).Select(x => new { Id = x.Id.Value, x.Sha256 }).ToListAsync(ct);
        CheckReferenced("evidence", evidence.Select(x => (x.Id, x.Sha256)), vouched, problems);
        var messages = await db.Set<ChatMessage>().AsNoTracking().Where(m => m.DisputeId == caseId).ToListAsync(ct);
        CheckReferenced("message", messages.Select(m => (m.Id, m.Sha256)), vouched, problems);
        foreach (var m in messages.Where(m => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(m.Text))) != m.Sha256))
        {
            problems.Add($"chat message {m.Seq}: its text does not match its hash");
        }
        var issued = await db.Set<IssuedDocument>().AsNoTracking().Where(d => d.DisputeId == caseId).ToListAsync(ct);
        CheckReferenced("document", issued.Select(d => (d.Id.Value, d.Sha256)), vouched, problems);
        foreach (var x in evidence)
        {
            await CheckStoredFileAsync($"evidence {x.Id}", () => evidenceFiles.OpenRead(caseId, new EvidenceId(x.Id)), x.Sha256, problems, ct);
        }
        foreach (var d in issued)
        {
            await CheckStoredFileAsync($"{d.Kind.ToString().ToLowerInvariant()} document", () => documents.OpenRead(d.Id), d.Sha256, problems, ct);
        }
        return (problems, events.Count);
    }

    /// <summary>The file's bytes against its row's hash (the row's hash against the history's is checked apart).</summary>
    private static async Task CheckStoredFileAsync(string what, Func<Stream> open, string sha256, List<string> problems, CancellationToken ct)
    {
        try
        {
            await using var file = open();
            if (Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct)) != sha256)
            {
                problems.Add($"{what}: the stored file does not match its hash");
            }
        }
        catch (StoredFileUnreadableException e)
        {
            problems.Add($"{what}: the stored file is {(e.Missing ? "missing" : "unreadable")}");
        }
    }

    private static void CheckReferenced(string what, IEnumerable<(Guid Id, string Sha256)> rows, Dictionary<(string, Guid), string> vouched,
        List<string> problems)
    {
        foreach (var (id, sha) in rows)
        {
            if (!vouched.TryGetValue((what, id), out var recorded))
            {
                problems.Add($"{what} {id}: stored without an event in the history");
            }
            else if (recorded != sha)
            {
                problems.Add($"{what} {id}: its hash differs from the one the history recorded");
            }
        }
    }

    /// <summary>
    /// A case's chain as stored, for offline verification: canonical text, previous hash and hash of each event, which
    /// is enough to recompute every hash. None when there is no such case.
    /// </summary>
    public async Task<(byte[] Json, string FileName)?> ExportAsync(DisputeId caseId, CancellationToken ct)
    {
        var number = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => (CaseNumber?)c.Number).SingleOrDefaultAsync(ct);
        if (number is null)
        {
            return null;
        }
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.DisputeId == caseId).OrderBy(e => e.Seq).ToListAsync(ct);
        var chain = new JsonObject
        {
            ["caseId"] = caseId.Value,
            ["caseNumber"] = number.ToString(),
            ["algorithm"] = "hash = lowercase hex SHA-256(UTF-8(previousHash + canonical)); the first previousHash is 64 zeros",
            ["events"] = new JsonArray(events.Select(e => (JsonNode)new JsonObject
            {
                ["seq"] = e.Seq,
                ["canonical"] = e.Canonical,
                ["previousHash"] = e.PreviousHash,
                ["hash"] = e.Hash,
            }).ToArray()),
        };
        return (Encoding.UTF8.GetBytes(chain.ToJsonString(new JsonSerializerOptions { WriteIndented = true })),
            $"{number}-chain.json");
    }
}
