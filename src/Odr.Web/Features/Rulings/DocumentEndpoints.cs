using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.GoverningLaw;
using Odr.Web.Infrastructure;

namespace Odr.Web.Features.Rulings;

public sealed record DocumentResponse(Guid Id, DocumentKind Kind, string Sha256, string VerificationCode, DateTimeOffset IssuedAt);

public sealed record VerificationResponse(bool Valid, string? CaseNumber, DocumentKind? Kind, string? Sha256, DateTimeOffset? IssuedAt,
    string? VerificationCode);

public static class DocumentEndpoints
{
    /// <summary>The largest file <c>POST /api/verify</c> reads.</summary>
    public const long MaxVerifyBytes = 20L * 1024 * 1024;

    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cases/{id:guid}/documents", ListAsync).WithTags("Documents").WithName("ListCaseDocuments")
            .RequireAuthorization(ApiAuthorization.Authenticated);
        app.MapGet("/api/documents/{id:guid}", DownloadAsync).WithTags("Documents").WithName("GetDocument")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable) // the stored file cannot be read
            .RequireAuthorization(ApiAuthorization.Authenticated);
        app.MapGet("/api/verify/{code}", VerifyCodeAsync).WithTags("Documents").WithName("VerifyCode")
            .WithSummary("Whether a verification code belongs to a document the service issued (anonymous).")
            .AllowAnonymous().RequireRateLimiting(GoverningLawEndpoints.AnonymousRateLimit);
        app.MapPost("/api/verify", VerifyFileAsync).WithTags("Documents").WithName("VerifyFile")
            .WithSummary("Whether this exact file (the request body) is a document the service issued (anonymous).")
            .Accepts<byte[]>("application/pdf", "application/octet-stream")
            .AllowAnonymous().RequireRateLimiting(GoverningLawEndpoints.AnonymousRateLimit);
        return app;
    }

    public static DocumentResponse ToResponse(this IssuedDocument d) => new(d.Id.Value, d.Kind, d.Sha256, d.VerificationCode, d.IssuedAt);

    private static async Task<Results<Ok<List<DocumentResponse>>, NotFound>> ListAsync(Guid id, HttpContext http, CaseAccess access, OdrDbContext db,
        CancellationToken ct)
    {
        var user = await access.CurrentUserAsync(http.User);
        var caseId = new DisputeId(id);
        if (user is null || !await access.CanSeeAsync(caseId, user, ct))
        {
            return TypedResults.NotFound();
        }
        // Marketplaces poll this until an outcome's document is out: the documents alone, not the whole case.
        var documents = await db.Set<IssuedDocument>().AsNoTracking().Where(d => d.DisputeId == caseId).OrderBy(d => d.IssuedAt).ToListAsync(ct);
        return TypedResults.Ok(documents.Select(ToResponse).ToList());
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> DownloadAsync(Guid id, HttpContext http, CaseAccess access, OdrDbContext db,
        DocumentStore store, CancellationToken ct)
    {
        var document = await db.Set<IssuedDocument>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == new DocumentId(id), ct);
        var user = await access.CurrentUserAsync(http.User);
        if (document is null || user is null || await access.FindAsync(document.DisputeId, user, ct) is not var (dispute, _))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.File(store.OpenRead(document.Id), "application/pdf", $"{dispute.Number}-{document.Kind.ToString().ToLowerInvariant()}.pdf");
    }

    private static async Task<Ok<VerificationResponse>> VerifyCodeAsync(string code, OdrDbContext db, CancellationToken ct)
    {
        var normalised = code.Trim().ToUpperInvariant();
        return TypedResults.Ok(await FindAsync(db, d => d.VerificationCode == normalised, ct));
    }

    private static async Task<Ok<VerificationResponse>> VerifyFileAsync(HttpRequest request, OdrDbContext db, CancellationToken ct)
    {
        var sizeLimit = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false })
        {
            sizeLimit.MaxRequestBodySize = MaxVerifyBytes;
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }
        var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        return TypedResults.Ok(await FindAsync(db, d => d.Sha256 == hash, ct));
    }

    /// <summary>A document the service issued, matched by code or by the exact file's hash; "not valid" when none.</summary>
    public static async Task<VerificationResponse> FindAsync(OdrDbContext db, System.Linq.Expressions.Expression<Func<IssuedDocument, bool>> match,
        CancellationToken ct)
    {
        var found = await db.Set<IssuedDocument>().AsNoTracking().Where(match)
            .Join(db.Cases, d => d.DisputeId, c => c.Id, (d, c) => new { Document = d, c.Number })
            .FirstOrDefaultAsync(ct);
        return found is null
            ? new VerificationResponse(false, null, null, null, null, null)
            : new VerificationResponse(true, found.Number.ToString(), found.Document.Kind, found.Document.Sha256, found.Document.IssuedAt,
                found.Document.VerificationCode);
    }
}
