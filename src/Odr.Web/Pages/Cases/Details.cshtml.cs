using Odr.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Appeals;
using Odr.Web.Features.Arbitration;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.GoverningLaw;
using Odr.Web.Features.Mediation;
using Odr.Web.Features.Negotiation;
using Odr.Web.Features.Response;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.History;
using Odr.Web.Infrastructure.Storage;

namespace Odr.Web.Pages.Cases;

[RequestSizeLimit(20L * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 20L * 1024 * 1024)]
public sealed class DetailsModel(CaseAccess access, OdrDbContext db, EvidenceStore store, AddEvidenceHandler addEvidence,
    IOptions<EvidenceOptions> evidenceOptions, Features.Rulings.DocumentStore documents, Features.Chat.ChatService chat,
    CaseActions actions, IOptions<BlindBidOptions> blindBids, TimeProvider clock, IStringLocalizer<Text> t) : PageModel
{
    /// <summary>The six steps of the progress bar; a stage's step is its index.</summary>
    public static IReadOnlyList<string> ProgressSteps { get; } =
        ["Filed and response", "Negotiation", "Mediation", "Arbitration", "Compliance", "Closed"];

    public static int ProgressStep(DisputeStage stage) => stage switch
    {
        DisputeStage.AwaitingResponse => 0,
        DisputeStage.Negotiation => 1,
        DisputeStage.Mediation => 2,
        DisputeStage.Arbitration or DisputeStage.Appeal => 3,
        DisputeStage.Compliance => 4,
        _ => 5,
    };

    /// <summary>What the viewer must do, nearest deadline first (the dashboard's first card).</summary>
    public IReadOnlyList<CaseTask> Tasks => tasks ??= CaseTasks.For(Case, Role);

    private IReadOnlyList<CaseTask>? tasks;

    public DateTimeOffset Now => clock.GetUtcNow();

    public DisputeCase Case { get; private set; } = null!;

    public CaseRole Role { get; private set; }

    /// <summary>The newest history entries the page lists (all of them with <c>?history=all</c>), oldest first.</summary>
    public IReadOnlyList<HistoryLine> History { get; private set; } = [];

    /// <summary>How many history entries the viewer may read in all.</summary>
    public int HistoryTotal { get; private set; }

    /// <summary>How many chat messages a channel shows at once, and history entries the page lists unless asked for all.</summary>
    public const int ChatPageSize = 50, HistoryPageSize = 50;

    /// <summary><c>?history=all</c>: the whole history rather than its newest entries.</summary>
    [BindProperty(SupportsGet = true, Name = "history")]
    public string? HistoryShown { get; set; }

    public bool WholeHistory => string.Equals(HistoryShown, "all", StringComparison.Ordinal);

    /// <summary><c>?room=Joint&amp;before=120</c>: that channel shows the messages before number 120 rather than its latest.</summary>
    [BindProperty(SupportsGet = true, Name = "room")]
    public ChatChannel? EarlierRoom { get; set; }

    [BindProperty(SupportsGet = true, Name = "before")]
    public int? EarlierBefore { get; set; }

    public long MaxFileBytes => evidenceOptions.Value.MaxBytes;

    [BindProperty(Name = "file")]
    public IFormFile? UploadFile { get; set; }

    [BindProperty(Name = "description")]
    [MultiLineText]
    public string? UploadDescription { get; set; }

    /// <summary>The chat channels the page shows, each its latest messages or the earlier window asked for.</summary>
    public IReadOnlyList<Features.Chat.ChatChannelPage> ChatPages { get; private set; } = [];

    [BindProperty(Name = "text")]
    [MultiLineText]
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
            ModelState.AddModelError("text", t.Error(e));
            return Page();
        }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, page: true, tracked: false, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetEvidenceAsync(Guid id, Guid evidenceId, CancellationToken ct)
    {
        if (!await LoadAsync(id, page: false, tracked: false, ct) || Case.Evidence.FirstOrDefault(e => e.Id.Value == evidenceId) is not { } evidence)
        {
            return NotFound();
        }
        return File(store.OpenRead(Case.Id, evidence.Id), evidence.ContentType, evidence.FileName);
    }

    public async Task<IActionResult> OnGetDocumentAsync(Guid id, Guid documentId, CancellationToken ct)
    {
        if (!await LoadAsync(id, page: false, tracked: false, ct) || Case.Documents.FirstOrDefault(d => d.Id.Value == documentId) is not { } document)
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
            ModelState.AddModelError("file", t["Choose a file to add."]);
            return Page();
        }
        var user = (await access.CurrentUserAsync(User))!;
        StagedEvidence? staged = null;
        try
        {
            staged = await EvidenceUpload.StageAsync(store, UploadFile, (UploadDescription ?? "").Trim(), MaxFileBytes, ct);
            await addEvidence.HandleAsync(Case, Role, user, staged, ct);
            TempData["Notice"] = t["{0} was added to the case.", PlainText.Isolated(staged.FileName)].Value;
            return RedirectToPage(new { id });
        }
        catch (EvidenceStoreException e)
        {
            ModelState.AddModelError("file", t[e.Message]);
            return Page();
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(e.Field ?? "file", t.Error(e));
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

    // ---- The case's actions, one form each. Each goes the API's way (CaseActions): the aggregate decides, the change
    // is saved with its history and workflow signal, then the page reloads with a notice (post, redirect, get).

    public Task<IActionResult> OnPostRespondAsync(Guid id, ResponseAction? action, RemedyType? counterType, decimal? counterAmount,
        [MultiLineText] string? message, [MultiLineText] string? statement, bool consent, string? law, [MultiLineText] string? lawReason, CancellationToken ct) =>
        ActAsync(id, "respond", c => Done(() => ResponseActions.Respond(c, new RespondRequest(action, new OfferInput(FormRemedy(c, counterType, counterAmount), message),
                statement, consent, string.IsNullOrWhiteSpace(law) ? null : new LawPositionInput(law.Trim(), lawReason)))),
            _ => t["Your response is recorded and the buyer has been told."], ct);

    public Task<IActionResult> OnPostOfferAsync(Guid id, RemedyType? offerType, decimal? offerAmount, [MultiLineText] string? offerMessage, CancellationToken ct) =>
        ActAsync(id, "offer", c => NegotiationActions.MakeOffer(c, new MakeOfferRequest(FormRemedy(c, offerType, offerAmount), offerMessage)),
            _ => t["Your offer was sent."], ct);

    public Task<IActionResult> OnPostAcceptOfferAsync(Guid id, Guid offerId, CancellationToken ct) =>
        ActAsync(id, "offers", c => Done(() => NegotiationActions.AcceptOffer(c, offerId)),
            _ => t["You accepted the offer: the case is settled."], ct);

    public Task<IActionResult> OnPostRejectOfferAsync(Guid id, Guid offerId, CancellationToken ct) =>
        ActAsync(id, "offers", c => Done(() => NegotiationActions.RejectOffer(c, offerId)),
            _ => t["You rejected the offer."], ct);

    public Task<IActionResult> OnPostBlindBidAsync(Guid id, decimal? bidAmount, CancellationToken ct) =>
        ActAsync(id, "blindBid", c =>
            {
                var result = NegotiationActions.PlaceBlindBid(c, new BlindBidRequest(FormMoney(c, bidAmount)), blindBids.Value);
                // Whether the other side has a figure in at all (never what it is): "did not meet" is true only if it has.
                return (result, OtherHasBid: c.Case.BlindBids.Any(b => b.Party != c.Role));
            },
            bid => bid.result.Settled
                ? t["The figures were close enough: the case settled at {0}.", bid.result.AgreedAmount!.Value.ToString()]
                : bid.OtherHasBid
                    ? t["Your figure is recorded. It did not meet the other side's; you have {0} rounds left.", bid.result.RoundsLeft]
                    : t["Your figure is recorded. The other side has not placed one yet; if theirs comes close enough to yours, the case settles then. You have {0} rounds left.", bid.result.RoundsLeft], ct);

    public Task<IActionResult> OnPostEscalateAsync(Guid id, [MultiLineText] string? escalateReason, CancellationToken ct) =>
        ActAsync(id, "escalate", c => Done(() => LifecycleActions.Escalate(c, new EscalateRequest(escalateReason))),
            _ => t["The case has moved on to the next stage."], ct);

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, "withdraw", c => Done(() => LifecycleActions.Withdraw(c)),
            _ => t["You withdrew the complaint; the case is closed."], ct);

    public Task<IActionResult> OnPostProposalAsync(Guid id, RemedyType? proposalType, decimal? proposalAmount, [MultiLineText] string? proposalNote,
        CancellationToken ct) =>
        ActAsync(id, "proposal", c => MediationActions.ProposeTerms(c, new ProposalRequest(FormRemedy(c, proposalType, proposalAmount), proposalNote)),
            _ => t["Your proposal was sent to both parties."], ct);

    public Task<IActionResult> OnPostAcceptProposalAsync(Guid id, Guid proposalId, CancellationToken ct) =>
        ActAsync(id, "proposals", c =>
            {
                MediationActions.AcceptProposal(c, proposalId);
                return c.Case.Stage;
            },
            stage => stage == DisputeStage.Mediation
                ? t["You accepted the proposal. It settles the case once the other party accepts it too."]
                : t["Both parties accepted the proposal: the case is settled."], ct);

    public Task<IActionResult> OnPostImpasseAsync(Guid id, [MultiLineText] string? impasseNote, CancellationToken ct) =>
        ActAsync(id, "impasse", c => Done(() => MediationActions.DeclareImpasse(c, new ImpasseRequest(impasseNote))),
            _ => t["Mediation has ended without a settlement."], ct);

    public Task<IActionResult> OnPostEvidenceRequestAsync(Guid id, CaseRole? requestFrom, [MultiLineText] string? requestText, int? requestDays,
        CancellationToken ct) =>
        ActAsync(id, "evidenceRequest", c => ArbitrationActions.RequestEvidence(c, new EvidenceRequestInput(requestFrom, requestText, requestDays)),
            _ => t["Your request was sent to the party."], ct);

    public Task<IActionResult> OnPostConfirmLawAsync(Guid id, string? confirmLaw, CancellationToken ct) =>
        ActAsync(id, "confirmLaw", c => Done(() => CaseGoverningLawActions.Confirm(c, new ConfirmLawRequest(confirmLaw?.Trim()))),
            _ => t["The governing law is confirmed."], ct);

    public Task<IActionResult> OnPostAwardAsync(Guid id, AwardDecision? awardDecision, decimal? awardAmount, string? awardLaw,
        [MultiLineText] string? awardReasons, CancellationToken ct) =>
        ActAsync(id, "award", c => Done(() => ArbitrationActions.IssueAward(c, new AwardRequest(awardDecision,
                // The form always shows the amount field: it counts for a partial refund only.
                awardDecision == AwardDecision.PartialRefund ? FormMoney(c, awardAmount) : null, awardLaw?.Trim(), awardReasons))),
            _ => t["The award is issued. The signed ruling will be added to the case in a moment."], ct);

    public Task<IActionResult> OnPostAppealAsync(Guid id, AppealGrounds? appealGrounds, [MultiLineText] string? appealStatement, CancellationToken ct) =>
        ActAsync(id, "appeal", c => Done(() => AppealActions.Appeal(c, new AppealRequest(appealGrounds, appealStatement))),
            _ => t["Your appeal is lodged. A fresh arbitrator will decide it."], ct);

    public Task<IActionResult> OnPostAppealDecisionAsync(Guid id, AppealDecision? appealDecision, AwardDecision? variedDecision, decimal? variedAmount,
        string? variedLaw, [MultiLineText] string? appealReasons, CancellationToken ct) =>
        ActAsync(id, "appealDecision", c => Done(() => AppealActions.Decide(c, new AppealDecisionRequest(appealDecision,
                // The form always shows the new award's fields: they count for a varied award only.
                appealDecision == AppealDecision.Varied
                    ? new AwardRequest(variedDecision, variedDecision == AwardDecision.PartialRefund ? FormMoney(c, variedAmount) : null, variedLaw?.Trim(), null)
                    : null,
                appealReasons))),
            _ => t["The appeal decision is issued. The signed decision will be added to the case in a moment."], ct);

    public Task<IActionResult> OnPostLawPositionAsync(Guid id, string? positionLaw, [MultiLineText] string? positionReason, CancellationToken ct) =>
        ActAsync(id, "lawPosition", c => Done(() => CaseGoverningLawActions.TakePosition(c, new LawPositionInput(positionLaw?.Trim(), positionReason))),
            _ => t["Your position on the governing law is recorded."], ct);

    public Task<IActionResult> OnPostComplianceAsync(Guid id, bool? complied, [MultiLineText] string? complianceNote, CancellationToken ct) =>
        ActAsync(id, "compliance", c => Done(() => LifecycleActions.ReportCompliance(c, new ComplianceRequest(complied, complianceNote))),
            _ => t["Thank you: the outcome is recorded and the case is closed."], ct);

    public Task<IActionResult> OnPostPerformanceAsync(Guid id, string? paymentReference, [MultiLineText] string? performanceNote, CancellationToken ct) =>
        ActAsync(id, "performance", c => Done(() => LifecycleActions.ReportPerformance(c, new PerformanceRequest(paymentReference, performanceNote))),
            _ => t["Thank you: the buyer is asked to confirm that the outcome was carried out."], ct);

    /// <summary>The remedy a form describes, as the API's request carries it; the amount counts only for a partial refund, in the currency paid.</summary>
    private static RemedyInput FormRemedy(CaseActionContext c, RemedyType? type, decimal? amount) =>
        new(type, type == RemedyType.PartialRefund && amount is not null ? FormMoney(c, amount) : null);

    /// <summary>An amount typed into a form, in the currency paid, as the API's request carries it.</summary>
    private static MoneyDto FormMoney(CaseActionContext c, decimal? amount) => new(amount, c.Case.Order.AmountPaid.Currency.Code);

    private static bool Done(Action action)
    {
        action();
        return true;
    }

    /// <summary>
    /// Applies one form's action. A refusal is shown beside that form (the page is drawn again from the stored case,
    /// since nothing was saved); success redirects, so that a reload never repeats the action.
    /// </summary>
    private async Task<IActionResult> ActAsync<T>(Guid id, string form, Func<CaseActionContext, T> action, Func<T, string> done,
        CancellationToken ct)
    {
        string error;
        // An amount the binder could not read (AmountText) is named as such, not passed on as a missing one.
        var unreadable = ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).FirstOrDefault();
        try
        {
            if (unreadable is not null)
            {
                throw new DomainException(DomainErrorCode.InvalidValue, unreadable);
            }
            if (await actions.ApplyAsync(User, id, action, ct) is not var (_, result))
            {
                return NotFound();
            }
            TempData["Notice"] = done(result);
            return Redirect($"/Cases/Details/{id}");
        }
        catch (DomainException e)
        {
            error = t.Error(e);
        }
        catch (DbUpdateConcurrencyException)
        {
            error = t["The case changed while you were acting. Check it again below and retry."];
        }
        db.ChangeTracker.Clear();
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        ModelState.AddModelError(form, error);
        return Page();
    }

    /// <summary>What the viewer last typed into a form that was refused, so that nothing they wrote is lost.</summary>
    public string Posted(string name) => Request.Posted(name);

    /// <summary>What the stages' page partials are drawn from.</summary>
    public CaseView View => new(Case, Role);

    /// <summary>Law codes worth offering in a law field: the suggestion, the parties' positions and countries, the clause.</summary>
    public IReadOnlyList<string> LawChoices()
    {
        var c = Case;
        return new[]
        {
            c.GoverningLawSuggestion?.GoverningLaw, c.BuyerLawPosition?.Law.Value, c.SellerLawPosition?.Law.Value, c.ChoiceOfLaw?.Value,
            c.Buyer.Country.Value, c.Seller.Country.Value, "UNIDROIT-PICC",
        }.OfType<string>().Distinct().ToList();
    }

    private Task<bool> LoadAsync(Guid id, CancellationToken ct) => LoadAsync(id, page: true, tracked: true, ct);

    /// <summary>
    /// Finds the case and the viewer's part in it; with <paramref name="page"/>, also what the page draws besides the case.
    /// Untracked (<paramref name="tracked"/> false) where nothing is saved from it: a view or a download.
    /// </summary>
    private async Task<bool> LoadAsync(Guid id, bool page, bool tracked, CancellationToken ct)
    {
        if (page)
        {
            // One connection for all the page's reads, where EF Core would take one from the pool and give it back for each
            // (bench/analysis.md, chat). Not for a download: the connection would be held while a slow client reads the file.
            await db.Database.OpenConnectionAsync(ct);
        }
        if (await access.CurrentUserAsync(User) is not { } user || await (tracked ? access.FindAsync(new DisputeId(id), user, ct) : access.FindToReadAsync(new DisputeId(id), user, ct))
            is not var (dispute, role))
        {
            return false;
        }
        Case = dispute;
        Role = role;
        if (!page)
        {
            return true; // a file download: no chat or history to draw
        }
        // Bounded whatever the case's age: each channel's latest page of messages, the history's newest entries.
        var shownChannels = DisputeCase.ReadableChannels(role).Where(ch => ch == ChatChannel.Joint || dispute.MediatorId is not null).ToList();
        ChatPages = await chat.PagesAsync(dispute.Id, shownChannels, user.UserId, ChatPageSize, EarlierRoom, EarlierBefore, ct);
        (History, HistoryTotal) = await CaseHistory.LatestAsync(db, dispute.Id, DisputeCase.ReadableChannels(role), WholeHistory ? null : HistoryPageSize, ct);
        return true;
    }
}
