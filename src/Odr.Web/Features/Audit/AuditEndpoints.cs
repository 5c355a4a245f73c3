using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Audit;

public static class AuditEndpoints
{
    public const string AuditorPolicy = "api-auditor";

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(AuditorPolicy);
        audit.MapGet("verify", async (ChainVerifier verifier, CancellationToken ct) => TypedResults.Ok(await verifier.VerifyAllAsync(ct)))
            .WithName("VerifyAuditTrail").WithSummary("Checks every case's hash chain and the hashes it vouches for (regulator, admin).");
        audit.MapGet("cases/{id:guid}/chain", GetChainAsync).WithName("DownloadCaseChain")
            .WithSummary("A case's chain as stored, to verify offline (docs/audit.md).");
        return app;
    }

    /// <summary>The stored rows exactly: canonical text, previous hash, hash. Enough to recompute every hash offline.</summary>
    private static async Task<Results<FileContentHttpResult, NotFound>> GetChainAsync(Guid id, OdrDbContext db, CancellationToken ct)
    {
        var caseId = new DisputeId(id);
        var number = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => (CaseNumber?)c.Number).SingleOrDefaultAsync(ct);
        if (number is null)
        {
            return TypedResults.NotFound();
        }
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.DisputeId == caseId).OrderBy(e => e.Seq).ToListAsync(ct);
        var chain = new JsonObject
        {
            ["caseId"] = id,
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
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(chain.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })),
            "application/json", $"{number}-chain.json");
    }
}
