using System.Globalization;
using Odr.Web.Infrastructure.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.GoverningLaw;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Forms;
using Odr.Web.Infrastructure.Storage;
using Odr.Web.Pages.Cases.Filing;

namespace Odr.Web.Pages.Cases;

/// <summary>
/// The complaint form. Its fields carry the API's JSON names, so the API's validator checks them and its errors
/// land on the right inputs. Files are staged and checked before the case is saved, and saved with it.
/// </summary>
[Authorize(Roles = "buyer")]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class FileModel(CaseAccess access, FileCaseHandler handler, EvidenceStore store, IOptions<EvidenceOptions> evidenceOptions,
    TimeProvider time, GoverningLawEngine governingLaw, PendingUploads pending, IStringLocalizer<Text> t) : PageModel
{
    public const int MaxFilesPerFiling = 10;
    private const long MaxRequestBytes = 110L * 1024 * 1024;

    [BindProperty(Name = "marketplace")] public string? Marketplace { get; set; }
    [BindProperty(Name = "orderReference")] public string? OrderReference { get; set; }
    [BindProperty(Name = "orderDate")] public DateOnly? OrderDate { get; set; }
    [BindProperty(Name = "item")] public string? Item { get; set; }
    [BindProperty(Name = "amount.value")] public decimal? AmountValue { get; set; }
    [BindProperty(Name = "amount.currency")] public string? AmountCurrency { get; set; }
    [BindProperty(Name = "buyer.country")] public string? BuyerCountry { get; set; }
    [BindProperty(Name = "buyer.type")] public BuyerType? BuyerType { get; set; }
    [BindProperty(Name = "seller.name")] public string? SellerName { get; set; }
    [BindProperty(Name = "seller.email")] public string? SellerEmail { get; set; }
    [BindProperty(Name = "seller.country")] public string? SellerCountry { get; set; }
    [BindProperty(Name = "seller.type")] public SellerType? SellerType { get; set; }
    [BindProperty(Name = "seller.directsToBuyerCountry")] public YesNoUnknown? SellerDirects { get; set; }
    [BindProperty(Name = "claimType")] public ClaimType? ClaimType { get; set; }
    [BindProperty(Name = "description"), MultiLineText] public string? Description { get; set; }
    [BindProperty(Name = "remedy.type")] public RemedyType? RemedyType { get; set; }
    [BindProperty(Name = "remedy.amount.value")] public decimal? RemedyAmountValue { get; set; }
    [BindProperty(Name = "language")] public string? Language { get; set; }
    [BindProperty(Name = "choiceOfLaw")] public string? ChoiceOfLaw { get; set; }
    [BindProperty(Name = "consentToArbitration")] public bool ConsentToArbitration { get; set; }
    [BindProperty(Name = "evidenceDescription"), MultiLineText] public string? EvidenceDescription { get; set; }
    [BindProperty(Name = "evidence")] public List<IFormFile> EvidenceFiles { get; set; } = [];
    [BindProperty(Name = "pendingEvidence")] public List<string> PendingTokens { get; set; } = [];

    /// <summary>Files kept from an earlier attempt that was refused: the form carries their tokens, and lists them.</summary>
    public List<PendingUpload> KeptFiles { get; } = [];

    /// <summary>Values of a prefilling link that did not pass their field's check, and so were left out.</summary>
    public List<string> PrefillIgnored { get; } = [];

    public static IReadOnlyList<CountryCode> Countries { get; } = CountryCode.All.OrderBy(c => c.EnglishName, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<Currency> Currencies { get; } = Currency.All.OrderBy(c => c.Code, StringComparer.Ordinal).ToList();

    public long MaxFileBytes => evidenceOptions.Value.MaxBytes;

    /// <summary>An amount field as the viewer typed it (<c>120,00</c> stays <c>120,00</c>), or the bound amount in their culture.</summary>
    public string AmountShown(string field, decimal? value) =>
        ModelState.TryGetValue(field, out var entry) && entry.AttemptedValue is { } typed
            ? typed
            : AmountText.ForInput(value, Currency.TryParse(AmountCurrency, out var currency) ? currency : null, CultureInfo.CurrentCulture);

    public async Task OnGetAsync()
    {
        var user = await access.CurrentUserAsync(User);
        BuyerCountry = user?.Country;
        BuyerType = Domain.Parties.BuyerType.Consumer;
        AmountCurrency = FilingFields.CurrencyOf(BuyerCountry);
        Language = user?.PreferredLanguage ?? Languages.Current.Code;
        SellerDirects = YesNoUnknown.Unknown;
        FilingPrefill.Apply(this, Request.Query);
    }

    /// <summary>The form's own button: everything is checked and the files kept, then shown for a last look before filing.</summary>
    public Task<IActionResult> OnPostReviewAsync(CancellationToken ct) => SubmitAsync(review: true, ct);

    /// <summary>Files the complaint: the review page's button (and the API-like post of the whole form).</summary>
    public Task<IActionResult> OnPostAsync(CancellationToken ct) => SubmitAsync(review: false, ct);

    /// <summary>Back from the review page to the form, with everything as typed and the files still kept.</summary>
    public async Task<IActionResult> OnPostEditAsync()
    {
        if (await access.CurrentUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        ModelState.Clear();
        foreach (var token in PendingTokens.Distinct().Take(MaxFilesPerFiling))
        {
            if (pending.Find(user.Id, token, "") is var (_, shown))
            {
                KeptFiles.Add(shown);
            }
        }
        return Page();
    }

    /// <summary>Set when the page shows the checked complaint for a last look (<c>Filing/_Review.cshtml</c>).</summary>
    public ValidatedFiling? Review { get; private set; }

    private async Task<IActionResult> SubmitAsync(bool review, CancellationToken ct)
    {
        if (await access.CurrentUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        // Values the browser could not bind (e.g. "abc" as an amount) are already in ModelState under the field's name.
        var request = new FileCaseRequest(Marketplace, OrderReference, OrderDate, Item, new MoneyDto(AmountValue, AmountCurrency),
            new BuyerInput(BuyerCountry, BuyerType), new SellerInput(SellerName, SellerEmail, SellerCountry, SellerType, SellerDirects),
            ClaimType, Description,
            new RemedyInput(RemedyType, RemedyAmountValue is null ? null : new MoneyDto(RemedyAmountValue, AmountCurrency)),
            Language, ChoiceOfLaw, ConsentToArbitration);
        // A value the browser sent that could not be bound (e.g. "abc" as an amount) gets one plain message;
        // the validator, which saw it as missing, does not add a second.
        var unreadable = ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key).ToList();
        foreach (var field in unreadable)
        {
            ModelState[field]!.Errors.Clear();
            ModelState.AddModelError(field, field.EndsWith(".value", StringComparison.Ordinal)
                ? AmountText.Unreadable
                : "This value could not be read: enter it as shown in the hint, such as 59.90 or 2026-10-01.");
        }
        FilingValidator.TryValidate(request, time.GetUtcNow(), governingLaw.Data, t, out var filing, out var errors);
        foreach (var (field, messages) in errors.Where(e => !unreadable.Contains(e.Key)))
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field, message);
            }
        }

        var staged = new List<StagedEvidence>();
        var kept = new List<(StagedEvidence File, string Token)>();
        try
        {
            foreach (var token in PendingTokens.Distinct().Take(MaxFilesPerFiling))
            {
                if (pending.Find(user.Id, token, (EvidenceDescription ?? "").Trim()) is var (file, shown))
                {
                    kept.Add((file, token));
                    KeptFiles.Add(shown);
                }
                else
                {
                    ModelState.AddModelError("evidence", "A file kept from your earlier attempt is no longer here: add it again.");
                }
            }
            await StageFilesAsync(staged, kept.Count, ct);
            if (!ModelState.IsValid || filing is null)
            {
                Refused(user.Id, staged);
                return Page();
            }
            if (review)
            {
                foreach (var file in staged)
                {
                    KeptFiles.Add(pending.Keep(user.Id, file));
                }
                Review = filing;
                return Page();
            }
            var dispute = await handler.HandleAsync(user, filing, [.. kept.Select(k => k.File), .. staged], ct);
            foreach (var (_, token) in kept)
            {
                pending.Forget(user.Id, token); // the file itself was moved into place with the case
            }
            TempData["Notice"] = t["Your complaint is filed as {0}. We are notifying the seller.", dispute.Number].Value;
            return RedirectToPage("/Cases/Details", new { id = dispute.Id.Value });
        }
        catch (DomainException e) when (e.Field is not null)
        {
            ModelState.AddModelError(e.Field, t.Error(e));
            Refused(user.Id, staged);
            return Page();
        }
        catch (EvidenceStoreException e)
        {
            // The disk refused a file as the case was saved: nothing was filed, and the form keeps what was typed.
            ModelState.AddModelError("evidence", t[e.Message]);
            Refused(user.Id, staged);
            return Page();
        }
        finally
        {
            foreach (var file in staged)
            {
                EvidenceStore.Discard(file.StagingPath); // no-op for files kept or moved into place with the case
            }
        }
    }

    /// <summary>A refused form: the files just sent are kept for the next attempt, and the errors are said in words, in form order.</summary>
    private void Refused(Guid owner, List<StagedEvidence> staged)
    {
        foreach (var file in staged.Where(f => System.IO.File.Exists(f.StagingPath)))
        {
            KeptFiles.Add(pending.Keep(owner, file));
        }
        FilingFields.Rephrase(ModelState, Request.Form, t);
    }

    /// <summary>The form's errors top to bottom, for the summary.</summary>
    public IReadOnlyList<(string Field, string Message)> ErrorsInOrder => FilingFields.InOrder(ModelState);

    private async Task StageFilesAsync(List<StagedEvidence> staged, int alreadyKept, CancellationToken ct)
    {
        var files = EvidenceFiles.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).ToList();
        if (files.Count + alreadyKept > MaxFilesPerFiling)
        {
            ModelState.AddModelError("evidence", t["Attach at most {0} files here; you can add more on the case page.", MaxFilesPerFiling]);
            return;
        }
        var description = (EvidenceDescription ?? "").Trim();
        if (description.Length > Evidence.DescriptionMaxLength)
        {
            ModelState.AddModelError("evidenceDescription", t["At most {0} characters.", Evidence.DescriptionMaxLength]);
            return;
        }
        foreach (var file in files)
        {
            try
            {
                staged.Add(await EvidenceUpload.StageAsync(store, file, description, MaxFileBytes, ct));
            }
            catch (EvidenceStoreException e)
            {
                ModelState.AddModelError("evidence", $"{PlainText.Isolated(EvidenceUpload.SafeDisplayName(file.FileName))}: {t[e.Message]}");
            }
        }
    }
}
