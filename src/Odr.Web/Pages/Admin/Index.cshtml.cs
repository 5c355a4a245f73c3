using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Odr.Domain.Parties;
using Odr.Web.Features.Admin;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.Marketplaces;
using Odr.Web.Features.Negotiation;
using Odr.Web.Features.Neutrals;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Email;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Localization;
using Odr.Web.Infrastructure.Storage;
using Odr.Workflows.Runtime;

namespace Odr.Web.Pages.Admin;

/// <summary>The admin's desk: the neutral pool, notices and documents that failed for good, marketplaces and their failed webhooks, and the service's settings.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class IndexModel(NeutralRoster roster, OdrDbContext db, TimeProvider time, IStringLocalizer<Text> t,
    IOptions<DeadlineOptions> deadlines, IOptions<BlindBidOptions> blindBids, IOptions<EvidenceOptions> evidence,
    IOptions<MailOptions> mail, IOptions<NeutralPoolOptions> pool, MarketplaceRegistry marketplaces, WebhookWakeup webhooks) : PageModel
{
    public IReadOnlyList<MarketplaceView> Marketplaces { get; private set; } = [];

    public IReadOnlyList<WebhookDeliveryView> WebhookDeadLetters { get; private set; } = [];

    /// <summary>Secrets just made (registration or rotation): shown on this answer only, never stored readable or redirected with.</summary>
    public MarketplaceCredentials? ShownCredentials { get; private set; }

    public IReadOnlyList<NeutralRow> Neutrals { get; private set; } = [];

    public IReadOnlyList<DeadLetterView> DeadLetters { get; private set; } = [];

    /// <summary>The settings in force, each with the configuration key that sets it.</summary>
    public IReadOnlyList<(string Name, string Value, string Key)> Settings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAppointAsync(string? email, CaseRole role, string[]? languages, string? conflictDomains,
        CancellationToken ct) =>
        await DoneAsync(await roster.AppointAsync(email, role, languages ?? [], conflictDomains, ct), "appoint",
            t["{0} is now in the neutral pool.", email ?? ""], ct);

    public async Task<IActionResult> OnPostUpdateNeutralAsync(Guid profileId, string[]? languages, string? conflictDomains, bool active,
        CancellationToken ct) =>
        await DoneAsync(await roster.UpdateAsync(profileId, languages ?? [], conflictDomains, active, ct), $"neutral-{profileId}",
            t["The neutral's profile is saved."], ct);

    public async Task<IActionResult> OnPostRetryAsync(Guid commandId, CancellationToken ct)
    {
        var found = await WorkflowOutbox.RetryDeadLetterAsync(db, commandId, time.GetUtcNow(), ct);
        if (found)
        {
            await db.SaveChangesAsync(ct);
        }
        return await DoneAsync(found ? null : "This item is no longer dead-lettered.", "dead-letters",
            t["The item will be tried again in a moment."], ct);
    }

    public async Task<IActionResult> OnPostRegisterMarketplaceAsync(string? name, string? webhookUrl, CancellationToken ct)
    {
        var (credentials, errors) = await marketplaces.RegisterAsync(new RegisterMarketplaceRequest(name, webhookUrl), ct);
        return await ShowSecretsAsync(credentials, errors.Values.SelectMany(e => e), ct);
    }

    public async Task<IActionResult> OnPostRotateMarketplaceSecretsAsync(Guid marketplaceId, CancellationToken ct) =>
        await ShowSecretsAsync(await marketplaces.RotateSecretsAsync(marketplaceId, ct), ["This marketplace is not registered."], ct);

    public async Task<IActionResult> OnPostRedeliverWebhookAsync(Guid deliveryId, CancellationToken ct) =>
        await DoneAsync(await WebhookDeliveryEndpoints.RedeliverAsync(db, deliveryId, marketplaceId: null, time.GetUtcNow(), webhooks, ct)
            ? null : "This webhook is no longer dead-lettered.", "webhook-dead-letters", t["The webhook will be sent again in a moment."], ct);

    /// <summary>The page again with the secrets on it (a redirect would have to carry them), or the form's error.</summary>
    private async Task<IActionResult> ShowSecretsAsync(MarketplaceCredentials? credentials, IEnumerable<string> errors, CancellationToken ct)
    {
        foreach (var error in credentials is null ? errors : [])
        {
            ModelState.AddModelError("register-marketplace", t[error]);
        }
        ShownCredentials = credentials;
        await LoadAsync(ct);
        return Page();
    }

    private async Task<IActionResult> DoneAsync(string? error, string form, string notice, CancellationToken ct)
    {
        if (error is null)
        {
            TempData["Notice"] = notice;
            return RedirectToPage();
        }
        ModelState.AddModelError(form, t[error]);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Neutrals = await roster.ListAsync(ct);
        DeadLetters = await WorkflowAdminEndpoints.DeadLettersAsync(db, ct);
        Marketplaces = await marketplaces.ListAsync(ct);
        WebhookDeadLetters = await WebhookDeliveryEndpoints.ListAsync(db, marketplaceId: null, caseId: null, deadLetteredOnly: true, ct);
        var d = deadlines.Value;
        Settings =
        [
            ("Seller's response period", Days(d.SellerResponse), "Odr:Deadlines:SellerResponse"),
            ("Negotiation period", Days(d.Negotiation), "Odr:Deadlines:Negotiation"),
            ("Mediation period", Days(d.Mediation), "Odr:Deadlines:Mediation"),
            ("Arbitration period", Days(d.Arbitration), "Odr:Deadlines:Arbitration"),
            ("Compliance period", Days(d.Compliance), "Odr:Deadlines:Compliance"),
            ("Reminder before a deadline", Days(d.Reminder), "Odr:Deadlines:Reminder"),
            ("Blind bidding: largest gap that settles", $"{blindBids.Value.MaxGapPercent}%", "Odr:BlindBid:MaxGapPercent"),
            ("Largest evidence file", CaseText.Size(evidence.Value.MaxBytes), "Odr:Evidence:MaxBytes"),
            ("Mail", string.IsNullOrWhiteSpace(mail.Value.Smtp.Host) ? t["written to files"] : $"SMTP {mail.Value.Smtp.Host}", "Odr:Mail:Smtp:Host"),
            ("Sender address", mail.Value.From, "Odr:Mail:From"),
            ("Public mail domains (not a conflict when shared)", string.Join(", ", pool.Value.SharedEmailDomains), "Odr:Neutrals:SharedEmailDomains"),
        ];
    }

    private string Days(TimeSpan span) => span.TotalDays >= 1 && span.Hours == 0 && span.Minutes == 0
        ? t["{0} days", (int)span.TotalDays]
        : span.ToString();
}
