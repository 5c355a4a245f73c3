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
/// The complaint form, in three short steps and a review (each step one phone screen): the order and the seller; what
/// happened and what the buyer asks for; the evidence and the last details. It needs no script: each step's post carries
/// the whole draft (the other steps' fields as hidden inputs, files as tokens of uploads kept under the buyer's own
/// account), so nothing is stored for a draft and no draft can reach another account. Next checks the fields up to the
/// current step with the API's validator (the fields carry the API's JSON names); Back checks nothing and loses nothing.
/// Only the review page files: a complete post without its <c>reviewed</c> mark is shown for review, not filed.
/// </summary>
[Authorize(Roles = "buyer")]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class FileModel(CaseAccess access, FileCaseHandler handler, EvidenceStore store, IOptions<EvidenceOptions> evidenceOptions,
    TimeProvider time, GoverningLawEngine governingLaw, PendingUploads pending, IOptions<DeadlineOptions> deadlines, IStringLocalizer<Text> t)
    : PageModel
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

    /// <summary>The step shown (1 to <see cref="FilingFields.StepCount"/>); a post names the step it was sent from.</summary>
    [BindProperty(Name = "step")] public int Step { get; set; } = 1;

    /// <summary>Set by the review page's button only: a post without it is shown for review, never filed.</summary>
    [BindProperty(Name = "reviewed")] public bool Reviewed { get; set; }

    public int SellerResponseDays => GuideModel.Days(deadlines.Value.SellerResponse);

    /// <summary>Files kept from an earlier attempt that was refused: the form carries their tokens, and lists them.</summary>
    public List<PendingUpload> KeptFiles { get; } = [];

    /// <summary>Values of a prefilling link that did not pass their field's check, and so were left out.</summary>
    public List<string> PrefillIgnored { get; } = [];

    public static IReadOnlyList<CountryCode> Countries { get; } = CountryCode.All.OrderBy(c => c.EnglishName, StringComparer.Ordinal).ToList();

    public static IReadOnlyList<Currency> Currencies { get; } = Currency.All.OrderBy(c => c.Code, StringComparer.Ordinal).ToList();

    public bool Bad(string field) => ModelState.TryGetValue(field, out var e) && e.Errors.Count > 0;

    public string? Describe(string field) => Bad(field) ? FormIds.ErrorId(field) : null;

    public string Css(string field) => Bad(field) ? "input-error" : "";

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

    /// <summary>A step's Next or Back. Next checks the fields up to this step; Back keeps everything and checks nothing.</summary>
    public async Task<IActionResult> OnPostStepAsync(string? go, CancellationToken ct)
    {
        if (await access.CurrentUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        Step = Math.Clamp(Step, 1, FilingFields.StepCount);
        var (filing, _, staged) = await CheckAsync(user.Id, ct);
        KeepForNextStep(user.Id, staged);
        if (go == "back" && !Bad("evidence"))
        {
            ClearErrors();
            Step = Math.Max(1, Step - 1);
            return Page();
        }
        var first = FilingFields.FirstStepWithErrors(ModelState);
        if (first is { } wrong && (wrong <= Step || go == "back"))
        {
            return OnStep(go == "back" ? Step : wrong);
        }
        if (Step < FilingFields.StepCount)
        {
            ClearErrors();
            Step++;
            return Page();
        }
        Review = filing;
        return Page();
    }

    /// <summary>The whole form checked and shown for a last look (the last step's Next, and a complete post).</summary>
    public Task<IActionResult> OnPostReviewAsync(CancellationToken ct) => SubmitAsync(file: false, ct);

    /// <summary>Files the complaint when the post comes from the review page; any other complete post is shown for review.</summary>
    public Task<IActionResult> OnPostAsync(CancellationToken ct) => SubmitAsync(file: Reviewed, ct);

    /// <summary>From the review page back to a step, with everything as typed and the files still kept.</summary>
    public async Task<IActionResult> OnPostEditAsync()
    {
        if (await access.CurrentUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        ClearErrors();
        Step = Math.Clamp(Step, 1, FilingFields.StepCount);
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

    /// <summary>
    /// Every field checked as the API checks it, and the files: those kept from earlier steps found by their tokens
    /// (under this account only), those just sent staged. Errors go into ModelState under the fields' names.
    /// </summary>
    private async Task<(ValidatedFiling? Filing, List<(StagedEvidence File, string Token)> Kept, List<StagedEvidence> Staged)> CheckAsync(
        Guid owner, CancellationToken ct)
    {
        // Only a partial refund has an amount of its own: one typed before choosing another remedy (the field stays on
        // the page without script) is dropped, neither checked nor carried on in the draft.
        if (RemedyType is { } remedy && remedy != Odr.Domain.Disputes.RemedyType.PartialRefund)
        {
            RemedyAmountValue = null;
            ModelState.Remove("remedy.amount.value");
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
        var kept = new List<(StagedEvidence File, string Token)>();
        foreach (var token in PendingTokens.Distinct().Take(MaxFilesPerFiling))
        {
            if (pending.Find(owner, token, (EvidenceDescription ?? "").Trim()) is var (file, shown))
            {
                kept.Add((file, token));
                KeptFiles.Add(shown);
            }
            else
            {
                ModelState.AddModelError("evidence", "A file kept from your earlier attempt is no longer here: add it again.");
            }
        }
        var staged = new List<StagedEvidence>();
        await StageFilesAsync(staged, kept.Count, ct);
        return (filing, kept, staged);
    }

    private async Task<IActionResult> SubmitAsync(bool file, CancellationToken ct)
    {
        if (await access.CurrentUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        var (filing, kept, staged) = await CheckAsync(user.Id, ct);
        try
        {
            if (!ModelState.IsValid || filing is null)
            {
                KeepForNextStep(user.Id, staged);
                return OnStep(FilingFields.FirstStepWithErrors(ModelState) ?? 1);
            }
            if (!file)
            {
                KeepForNextStep(user.Id, staged);
                Step = FilingFields.StepCount;
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
            KeepForNextStep(user.Id, staged);
            return OnStep(FilingFields.StepOf(e.Field));
        }
        catch (EvidenceStoreException e)
        {
            // The disk refused a file as the case was saved: nothing was filed, and the form keeps what was typed.
            ModelState.AddModelError("evidence", t[e.Message]);
            KeepForNextStep(user.Id, staged);
            return OnStep(FilingFields.StepCount);
        }
        finally
        {
            foreach (var staging in staged)
            {
                EvidenceStore.Discard(staging.StagingPath); // no-op for files kept or moved into place with the case
            }
        }
    }

    /// <summary>
    /// A step shown with its own errors only, in words and in form order (the other steps' fields are hidden inputs,
    /// whose errors the buyer could not see or correct there; they are found again when their step is checked).
    /// </summary>
    private PageResult OnStep(int step)
    {
        Step = step;
        foreach (var (_, entry) in ModelState.Where(e => e.Value!.Errors.Count > 0 && FilingFields.StepOf(e.Key) != step))
        {
            entry!.Errors.Clear();
        }
        FilingFields.Rephrase(ModelState, Request.Form, t);
        return Page();
    }

    /// <summary>Errors gone, what was typed kept (an amount as typed, <c>120,00</c>, stays so on the next step).</summary>
    private void ClearErrors()
    {
        foreach (var entry in ModelState.Values)
        {
            entry.Errors.Clear();
        }
    }

    /// <summary>The files just sent, kept under the buyer's account for the next step (their tokens travel in the form).</summary>
    private void KeepForNextStep(Guid owner, List<StagedEvidence> staged)
    {
        foreach (var file in staged.Where(f => System.IO.File.Exists(f.StagingPath)))
        {
            KeptFiles.Add(pending.Keep(owner, file));
        }
    }

    /// <summary>
    /// The draft as the form carries it: every field's value as typed (or as filled in by a link or the guide), except
    /// those of <paramref name="shownStep"/>, which the step shows as inputs. The review page carries all of them.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> Draft(int shownStep)
    {
        string? Typed(string field) => ModelState.TryGetValue(field, out var e) && e.AttemptedValue is { } typed ? typed : null;
        (string, string?)[] fields =
        [
            ("marketplace", Marketplace), ("orderReference", OrderReference), ("orderDate", Typed("orderDate") ?? OrderDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("item", Item), ("seller.name", SellerName), ("seller.email", SellerEmail), ("seller.country", SellerCountry),
            ("seller.type", Typed("seller.type") ?? SellerType?.ToString()), ("claimType", Typed("claimType") ?? ClaimType?.ToString()),
            ("description", Description), ("amount.value", AmountShown("amount.value", AmountValue)), ("amount.currency", AmountCurrency),
            ("remedy.type", Typed("remedy.type") ?? RemedyType?.ToString()), ("remedy.amount.value", AmountShown("remedy.amount.value", RemedyAmountValue)),
            ("evidenceDescription", EvidenceDescription), ("buyer.country", BuyerCountry), ("buyer.type", Typed("buyer.type") ?? BuyerType?.ToString()),
            ("seller.directsToBuyerCountry", Typed("seller.directsToBuyerCountry") ?? SellerDirects?.ToString()), ("choiceOfLaw", ChoiceOfLaw),
            ("language", Language), ("consentToArbitration", ConsentToArbitration ? "true" : null),
        ];
        return fields.Where(f => !string.IsNullOrEmpty(f.Item2) && FilingFields.StepOf(f.Item1) != shownStep)
            .Select(f => KeyValuePair.Create(f.Item1, f.Item2!));
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
