using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.Negotiation;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.History;
using Odr.Web.Infrastructure.Storage;

namespace Odr.Web.Pages.Cases;

[RequestSizeLimit(20L * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 20L * 1024 * 1024)]
public sealed class DetailsModel(CaseAccess access, OdrDbContext db, EvidenceStore store, AddEvidenceHandler addEvidence,
    IOptions<EvidenceOptions> evidenceOptions, Features.Rulings.DocumentStore documents, Features.Chat.ChatService chat,
    CaseActions actions, IOptions<BlindBidOptions> blindBids, IStringLocalizer<Text> t) : PageModel
{
    public DisputeCase Case { get; private set; } = null!;

    public CaseRole Role { get; private set; }

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    public long MaxFileBytes => evidenceOptions.Value.MaxBytes;

    [BindProperty(Name = "file")]
    public IFormFile? UploadFile { get; set; }

    [BindProperty(Name = "description")]
    [MultiLineText]
    public string? UploadDescription { get; set; }

    public IReadOnlyList<Features.Chat.ChatMessageResponse> Messages { get; private set; } = [];

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
        ActAsync(id, "respond", c =>
        {
            if (!string.IsNullOrWhiteSpace(law))
            {
                c.Case.TakeGoverningLawPosition(c.Role, CaseActions.ToLaw(law.Trim(), "law"), lawReason, c.Now);
            }
            var chosen = CaseActions.Required(action, "action");
            c.Case.Respond(c.Role, chosen, chosen == ResponseAction.CounterOffer ? ReadRemedy(c, counterType, counterAmount) : null,
                message, statement, consent, c.Now, c.Periods);
            return true;
        }, _ => t["Your response is recorded and the buyer has been told."], ct);

    public Task<IActionResult> OnPostOfferAsync(Guid id, RemedyType? offerType, decimal? offerAmount, [MultiLineText] string? offerMessage, CancellationToken ct) =>
        ActAsync(id, "offer", c => c.Case.MakeOffer(c.Role, ReadRemedy(c, offerType, offerAmount), offerMessage, c.Now),
            _ => t["Your offer was sent."], ct);

    public Task<IActionResult> OnPostAcceptOfferAsync(Guid id, Guid offerId, CancellationToken ct) =>
        ActAsync(id, "offers", c => Done(() => c.Case.AcceptOffer(c.Role, new OfferId(offerId), c.Now, c.Periods)),
            _ => t["You accepted the offer: the case is settled."], ct);

    public Task<IActionResult> OnPostRejectOfferAsync(Guid id, Guid offerId, CancellationToken ct) =>
        ActAsync(id, "offers", c => Done(() => c.Case.RejectOffer(c.Role, new OfferId(offerId), c.Now)),
            _ => t["You rejected the offer."], ct);

    public Task<IActionResult> OnPostBlindBidAsync(Guid id, decimal? bidAmount, CancellationToken ct) =>
        ActAsync(id, "blindBid", c =>
                c.Case.PlaceBlindBid(c.Role, ReadMoney(c, bidAmount, "bidAmount"), blindBids.Value.MaxGapPercent, c.Now, c.Periods),
            result => result.Settled
                ? t["The figures were close enough: the case settled at {0}.", result.AgreedAmount!.Value.ToString()]
                : t["Your figure is recorded. It did not meet the other side's; you have {0} rounds left.", result.RoundsLeft], ct);

    public Task<IActionResult> OnPostEscalateAsync(Guid id, [MultiLineText] string? escalateReason, CancellationToken ct) =>
        ActAsync(id, "escalate", c => Done(() => c.Case.Escalate(c.Role, escalateReason, c.Now, c.Periods)),
            _ => t["The case has moved on to the next stage."], ct);

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, "withdraw", c => Done(() => c.Case.Withdraw(c.Role, c.Now, c.Periods)),
            _ => t["You withdrew the complaint; the case is closed."], ct);

    public Task<IActionResult> OnPostProposalAsync(Guid id, RemedyType? proposalType, decimal? proposalAmount, [MultiLineText] string? proposalNote,
        CancellationToken ct) =>
        ActAsync(id, "proposal", c => c.Case.ProposeTerms(c.Role, ReadRemedy(c, proposalType, proposalAmount), proposalNote, c.Now),
            _ => t["Your proposal was sent to both parties."], ct);

    public Task<IActionResult> OnPostAcceptProposalAsync(Guid id, Guid proposalId, CancellationToken ct) =>
        ActAsync(id, "proposals", c =>
            {
                c.Case.AcceptProposal(c.Role, new ProposalId(proposalId), c.Now, c.Periods);
                return c.Case.Stage;
            },
            stage => stage == DisputeStage.Mediation
                ? t["You accepted the proposal. It settles the case once the other party accepts it too."]
                : t["Both parties accepted the proposal: the case is settled."], ct);

    public Task<IActionResult> OnPostImpasseAsync(Guid id, [MultiLineText] string? impasseNote, CancellationToken ct) =>
        ActAsync(id, "impasse", c => Done(() => c.Case.DeclareImpasse(c.Role, impasseNote, c.Now, c.Periods)),
            _ => t["Mediation has ended without a settlement."], ct);

    public Task<IActionResult> OnPostEvidenceRequestAsync(Guid id, CaseRole? requestFrom, [MultiLineText] string? requestText, int? requestDays,
        CancellationToken ct) =>
        ActAsync(id, "evidenceRequest", c => c.Case.RequestEvidence(c.Role, CaseActions.Required(requestFrom, "requestFrom"), requestText,
                CaseActions.Required(requestDays, "requestDays"), c.Now),
            _ => t["Your request was sent to the party."], ct);

    public Task<IActionResult> OnPostConfirmLawAsync(Guid id, string? confirmLaw, CancellationToken ct) =>
        ActAsync(id, "confirmLaw", c => Done(() => c.Case.ConfirmGoverningLaw(c.Role, CaseActions.ToLaw(confirmLaw?.Trim(), "confirmLaw"), c.Now)),
            _ => t["The governing law is confirmed."], ct);

    public Task<IActionResult> OnPostAwardAsync(Guid id, AwardDecision? awardDecision, decimal? awardAmount, string? awardLaw,
        [MultiLineText] string? awardReasons, CancellationToken ct) =>
        ActAsync(id, "award", c => Done(() =>
            {
                var decision = CaseActions.Required(awardDecision, "awardDecision");
                var amount = decision == AwardDecision.PartialRefund ? ReadMoney(c, awardAmount, "awardAmount") : (Money?)null;
                c.Case.IssueAward(c.Role, decision, amount, CaseActions.ToLaw(awardLaw?.Trim(), "awardLaw"), awardReasons, c.Now, c.Periods);
            }),
            _ => t["The award is issued. The signed ruling will be added to the case in a moment."], ct);

    public Task<IActionResult> OnPostLawPositionAsync(Guid id, string? positionLaw, [MultiLineText] string? positionReason, CancellationToken ct) =>
        ActAsync(id, "lawPosition", c => Done(() => c.Case.TakeGoverningLawPosition(c.Role, CaseActions.ToLaw(positionLaw?.Trim(), "positionLaw"),
                positionReason, c.Now)),
            _ => t["Your position on the governing law is recorded."], ct);

    public Task<IActionResult> OnPostComplianceAsync(Guid id, bool? complied, [MultiLineText] string? complianceNote, CancellationToken ct) =>
        ActAsync(id, "compliance", c => Done(() => c.Case.ReportCompliance(c.Role, CaseActions.Required(complied, "complied"), complianceNote,
                c.Now, c.Periods)),
            _ => t["Thank you: the outcome is recorded and the case is closed."], ct);

    /// <summary>The remedy a form describes; the amount counts only for a partial refund, in the currency paid.</summary>
    private static Remedy ReadRemedy(CaseActionContext c, RemedyType? type, decimal? amount) =>
        CaseActions.ToRemedy(new RemedyInput(type, type == RemedyType.PartialRefund && amount is not null
            ? new MoneyDto(amount, c.Case.Order.AmountPaid.Currency.Code) : null), c.Case.Order.AmountPaid, "remedy");

    /// <summary>An amount typed into a form, in the currency paid, read as the API reads one.</summary>
    private static Money ReadMoney(CaseActionContext c, decimal? amount, string field) =>
        CaseActions.ToMoney(new MoneyDto(amount, c.Case.Order.AmountPaid.Currency.Code), field);

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
        try
        {
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
    public string Posted(string name) => Request.HasFormContentType ? Request.Form[name].ToString() : "";

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

    /// <summary>Whether the viewer may bid now and their rounds left: the API's own answer.</summary>
    public BlindBiddingResponse BlindBidding => Case.BlindBidding(Role);

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await access.CurrentUserAsync(User) is not { } user || await access.FindAsync(new DisputeId(id), user, ct) is not var (dispute, role))
        {
            return false;
        }
        Case = dispute;
        Role = role;
        Messages = await chat.TranscriptAsync(user, id, 0, ct) ?? [];
        History = (await CaseHistory.ReadAsync(db, dispute.Id, ct, DisputeCase.ReadableChannels(role))).Select(e => new HistoryEntry((int)e["seq"]!,
            (string)e["type"]!, e["at"]!.GetValue<DateTimeOffset>(), (string)e["actorRole"]!, (string)e["hash"]!)).ToList();
        return true;
    }
}
