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
/// Checks every case's history as docs/audit.md describes: the case's chain and each of its chat channels' chains
/// (sequence without gaps, each previous hash, each hash recomputed over the stored canonical text, the copied columns
/// equal to the canonical text), and the hashes they vouch for: each evidence file, chat message and document has exactly
/// the hash its entry recorded (a message in the channel it recorded), and no such row exists without its entry; each
/// message's text and salt, and each evidence and document file, still hash to it.
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
        var vouched = new Dictionary<(string Type, Guid Id), string>();
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.DisputeId == caseId).OrderBy(e => e.Seq).ToListAsync(ct);
        VerifyChain("event", events, vouched, problems);
        // Each chat channel's own chain (ADR 008); messages written before them are vouched for by the case's history.
        var channelEvents = await db.Set<ChannelEvent>().AsNoTracking().Where(e => e.DisputeId == caseId).ToListAsync(ct);
        foreach (var chain in channelEvents.GroupBy(e => e.Channel))
        {
            VerifyChain($"{CaseHistory.ChainName(chain.Key)} chain entry", chain.OrderBy(e => e.Seq).ToList(), vouched, problems);
        }

        var evidence = await db.Evidence.AsNoTracking().Where(x => x.DisputeId == caseId).Select(x => new { Id = x.Id.Value, x.Sha256 }).ToListAsync(ct);
        CheckReferenced("evidence", evidence.Select(x => (x.Id, x.Sha256)), vouched, problems);
        var messages = await db.Set<ChatMessage>().AsNoTracking().Where(m => m.DisputeId == caseId).ToListAsync(ct);
        // A message is vouched for in the channel it was written in: moving a caucus message to the joint room is caught.
        CheckReferenced("message", messages.Select(m => (m.Id, Vouched(m.Channel, m.Sha256))), vouched, problems);
        foreach (var m in messages.Where(m => ChatMessage.Commit(m.Salt, m.Text) != m.Sha256))
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
        return (problems, events.Count + channelEvents.Count);
    }

    /// <summary>
    /// One chain, in order: numbered 1, 2, 3… without a gap, each linked to the hash before it, each hash recomputed over
    /// its stored text, the copied columns equal to that text. Records the hashes it vouches for in <paramref name="vouched"/>.
    /// </summary>
    private static void VerifyChain(string what, IReadOnlyList<ChainedEvent> chain, Dictionary<(string, Guid), string> vouched,
        List<string> problems)
    {
        var previous = CaseEvent.GenesisHash;
        var expectedSeq = 1;
        foreach (var e in chain)
        {
            if (e.Seq != expectedSeq)
            {
                problems.Add($"{what} {expectedSeq}: missing (the next stored one is {e.Seq})");
            }
            expectedSeq = e.Seq + 1;
            if (e.PreviousHash != previous)
            {
                problems.Add($"{what} {e.Seq}: its previous hash does not match {what} {e.Seq - 1}'s hash");
            }
            if (CaseHistory.ComputeHash(e.PreviousHash, e.Canonical) != e.Hash)
            {
                problems.Add($"{what} {e.Seq}: its content does not match its hash");
            }
            previous = e.Hash;
            try
            {
                using var canonical = JsonDocument.Parse(e.Canonical);
                var root = canonical.RootElement;
                if (root.GetProperty("seq").GetInt32() != e.Seq || root.GetProperty("type").GetString() != e.Type
                    || root.GetProperty("actorRole").GetString() != e.ActorRole || root.GetProperty("at").GetDateTimeOffset() != e.At
                    || (e is ChannelEvent link && root.GetProperty("data").GetProperty("channel").GetString() != CaseHistory.ChainName(link.Channel)))
                {
                    problems.Add($"{what} {e.Seq}: its columns differ from its hashed text");
                }
                var data = root.GetProperty("data");
                switch (e.Type)
                {
                    case "evidenceAdded":
                        vouched[("evidence", data.GetProperty("evidenceId").GetGuid())] = data.GetProperty("sha256").GetString()!;
                        break;
                    case "documentIssued":
                        vouched[("document", data.GetProperty("documentId").GetGuid())] = data.GetProperty("sha256").GetString()!;
                        break;
                    case "messagePosted":
                        // In the case's history (older messages) a plain hash; in a channel's chain a salted commitment.
                        var hash = data.TryGetProperty("commitment", out var commitment) ? commitment : data.GetProperty("sha256");
                        vouched[("message", data.GetProperty("messageId").GetGuid())] =
                            Vouched(Enum.Parse<ChatChannel>(data.GetProperty("channel").GetString()!, ignoreCase: true), hash.GetString()!);
                        break;
                }
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
            {
                problems.Add($"{what} {e.Seq}: its stored text is not a well-formed event");
            }
        }
    }

    private static string Vouched(ChatChannel channel, string hash) => $"{CaseHistory.ChainName(channel)}:{hash}";

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
