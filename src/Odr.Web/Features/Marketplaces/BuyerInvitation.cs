using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Web.Features.Disputes.Workflow;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.Identity;
using Odr.Workflows.Runtime;

namespace Odr.Web.Features.Marketplaces;

/// <summary>Invite the buyer of a case a marketplace filed (a command in the case workflow's outbox).</summary>
public sealed record InviteMarketplaceBuyer(Guid CaseId, string Marketplace);

/// <summary>
/// A case a marketplace filed puts its buyer's invitation in the case's outbox, in the filing's transaction: it is sent
/// after the commit, retried and dead-lettered like any notice, and a mail server that is down fails no filing.
/// </summary>
internal sealed class BuyerInvitationSubscriber : IDomainEventSubscriber
{
    public async Task InTransactionAsync(DomainEventBatch batch, CancellationToken ct)
    {
        foreach (var (dispute, domainEvent) in batch.Events)
        {
            if (domainEvent is DisputeFiled filed && dispute is { FiledBy: CaseFiler.Marketplace, SellerVerifiedBy: { } marketplace })
            {
                var instanceId = await DisputeWorkflowV1.InstanceIdAsync(batch.Db, dispute, ct);
                await WorkflowOutbox.AddCommandAsync(batch.Db, instanceId, new InviteMarketplaceBuyer(dispute.Id.Value, marketplace),
                    $"invite-buyer:{dispute.Id}", filed.OccurredAt, ct);
            }
        }
    }
}

/// <summary>
/// Sends the invitation: to confirm the address and choose a password when the buyer's account has no confirmed address
/// (the account confirmation flow: only the mailbox's owner can), else to sign in to the case. Links from
/// <c>Odr:PublicBaseUrl</c>. Sent again only if the process stops between sending and recording the command done.
/// </summary>
internal sealed class InviteMarketplaceBuyerHandler(OdrDbContext db, UserManager<OdrUser> users, IdentityEmailSender mail, PublicUrls urls)
    : ICommandHandler<InviteMarketplaceBuyer>
{
    public async Task HandleAsync(InviteMarketplaceBuyer command, CommandContext context, CancellationToken ct)
    {
        if (await db.LoadCaseAsync(new DisputeId(command.CaseId), ct) is not { } dispute
            || await users.FindByIdAsync(dispute.Buyer.UserId.Value.ToString()) is not { Email: { } email } buyer)
        {
            return;
        }
        var link = buyer.EmailConfirmed
            ? urls.SignIn(dispute.Id.Value)
            : urls.ConfirmEmail(buyer.Id, WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(buyer))),
                changedEmail: null);
        // In the language of the buyer's account, whatever the job runs in.
        using var language = Languages.Use(Languages.FromPreference(buyer.PreferredLanguage));
        await mail.SendCaseInvitationAsync(email, dispute.Number.ToString(), dispute.Order.OrderReference, command.Marketplace,
            HtmlEncoder.Default.Encode(link), needsConfirmation: !buyer.EmailConfirmed);
    }
}
