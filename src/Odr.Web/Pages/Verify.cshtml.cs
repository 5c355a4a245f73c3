using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Odr.Web.Features.GoverningLaw;
using Odr.Web.Features.Rulings;
using Microsoft.Extensions.Localization;
using Odr.Web.Infrastructure;

namespace Odr.Web.Pages;

/// <summary>"Verify a document": by the code printed on it (GET, so the QR code's link answers at once) or by the file.</summary>
[EnableRateLimiting(GoverningLawEndpoints.AnonymousRateLimit)]
[RequestSizeLimit(DocumentEndpoints.MaxVerifyBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = DocumentEndpoints.MaxVerifyBytes)]
public sealed class VerifyModel(OdrDbContext db, IStringLocalizer<Text> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public IFormFile? Document { get; set; }

    public VerificationResponse? Result { get; private set; }

    /// <summary>The code checked (none: a file was checked).</summary>
    public string? CheckedCode { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Code))
        {
            var code = Code.Trim().ToUpperInvariant();
            Result = await DocumentEndpoints.FindAsync(db, d => d.VerificationCode == code, ct);
            CheckedCode = code;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Document is null || Document.Length == 0)
        {
            ModelState.AddModelError("document", t["Choose the PDF file to check."]);
            return Page();
        }
        await using var content = Document.OpenReadStream();
        var hash = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(content, ct));
        Result = await DocumentEndpoints.FindAsync(db, d => d.Sha256 == hash, ct);
        return Page();
    }
}
