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

    private static async Task<Results<FileContentHttpResult, NotFound>> GetChainAsync(Guid id, ChainVerifier verifier, CancellationToken ct) =>
        await verifier.ExportAsync(new DisputeId(id), ct) is var (json, fileName)
            ? TypedResults.File(json, "application/json", fileName)
            : TypedResults.NotFound();
}
