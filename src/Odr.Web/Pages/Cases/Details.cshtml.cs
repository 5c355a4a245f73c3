using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Storage;

namespace Odr.Web.Pages.Cases;

[RequestSizeLimit(20L * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 20L * 1024 * 1024)]
public sealed class DetailsModel(CaseAccess access, OdrDbContext db, EvidenceStore store, AddEvidenceHandler addEvidence,
    IOptions<EvidenceOptions> evidenceOptions, TimeProvider time, Features.Rulings.DocumentStore documents, Features.Chat.ChatService chat) : PageModel
{
    public DisputeCase Case { get; private set; } = null!;

    public CaseRole Role { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    public long MaxFileBytes => evidenceOptions.Value.MaxBytes;

    [BindProperty(Name = "file")]
    public IFormFile? UploadFile { get; set; }

    [BindProperty(Name = "description")]
    public string? UploadDescription { get; set; }

    public IReadOnlyList<Features.Chat.ChatMessageResponse> Messages { get; private set; } = [];

    [BindProperty(Name = "text")]
    public string? MessageText { get; set; }

    [BindProperty(Name = "channel")]
    public ChatChannel MessageChannel { get; set; } = ChatChannel.Joint;

    /// <summary>The form's way to chat (without JavaScript): the message is saved and broadcast like a live one.</summary>
    public async Task<IActionResult> OnPostMessageAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        try
        {
            await chat.PostAsync((await access.CurrentUserAsync(User))!, id, MessageChannel, MessageText, ct);
            return Redirect($"/Cases/Details/{id}#chat");
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("text", e.Message);
            return Page();
        }
    }

    public sealed record HistoryEntry(int Seq, string Type, DateTimeOffset At, string ActorRole, string Hash);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetEvidenceAsync(Guid id, Guid evidenceId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Case.Evidence.FirstOrDefault(e => e.Id.Value == evidenceId) is not { } evidence)
        {
            return NotFound();
        }
        return File(store.OpenRead(Case.Id, evidence.Id), evidence.ContentType, evidence.FileName);
    }

    public async Task<IActionResult> OnGetDocumentAsync(Guid id, Guid documentId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Case.Documents.FirstOrDefault(d => d.Id.Value == documentId) is not { } document)
        {
            return NotFound();
        }
        return File(documents.OpenRead(document.Id), "application/pdf", $"{Case.Number}-{document.Kind.ToString().ToLowerInvariant()}.pdf");
    }

    public async Task<IActionResult> OnPostEvidenceAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (UploadFile is null || UploadFile.Length == 0)
        {
            ModelState.AddModelError("file", "Choose a file to add.");
            return Page();
        }
        var user = (await access.CurrentUserAsync(User))!;
        StagedEvidence? staged = null;
        try
        {
            staged = await EvidenceUpload.StageAsync(store, UploadFile, (UploadDescription ?? "").Trim(), MaxFileBytes, ct);
            await addEvidence.HandleAsync(Case, Role, user, staged, ct);
            TempData["Notice"] = $"{staged.FileName} was added to the case.";
            return RedirectToPage(new { id });
        }
        catch (EvidenceStoreException e)
        {
            ModelState.AddModelError("file", e.Message);
            return Page();
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(e.Field ?? "file", e.Message);
            return Page();
        }
        finally
        {
            if (staged is not null)
            {
                EvidenceStore.Discard(staged.StagingPath);
            }
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await access.CurrentUserAsync(User) is not { } user || await access.FindAsync(new DisputeId(id), user, ct) is not var (dispute, role))
        {
            return false;
        }
        Case = dispute;
        Role = role;
        Messages = await chat.TranscriptAsync((await access.CurrentUserAsync(User))!, id, 0, ct) ?? [];
        Now = time.GetUtcNow();
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.DisputeId == dispute.Id).OrderBy(e => e.Seq).ToListAsync(ct);
        History = events.Select(e =>
        {
            using var canonical = JsonDocument.Parse(e.Canonical);
            var root = canonical.RootElement;
            return new HistoryEntry(root.GetProperty("seq").GetInt32(), root.GetProperty("type").GetString()!,
                root.GetProperty("at").GetDateTimeOffset(), root.GetProperty("actorRole").GetString()!, e.Hash);
        }).ToList();
        return true;
    }
}
