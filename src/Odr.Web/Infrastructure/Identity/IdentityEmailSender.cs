using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Odr.Web.Infrastructure.Email;

namespace Odr.Web.Infrastructure.Identity;

/// <summary>
/// The account e-mails (confirm address, reset password, already registered), sent through the service's mail sender.
/// Links arrive already HTML-encoded (Identity's contract: "do not double encode"), so the HTML uses them as given and
/// the plain text decodes them. Every link is made from <see cref="PublicUrls"/> (<c>AccountService</c>).
/// </summary>
public sealed class IdentityEmailSender(IMailSender mail) : IEmailSender<OdrUser>
{
    public Task SendConfirmationLinkAsync(OdrUser user, string email, string confirmationLink) =>
        SendAsync(email, "Confirm your e-mail address for the ODR service",
            $"Please confirm your e-mail address and choose your password by opening this link:\n\n{WebUtility.HtmlDecode(confirmationLink)}\n\n" +
            "Confirming the address lets you see and answer any complaint filed against it. " +
            "If you did not ask for this, ignore this message: without it the address stays unconfirmed.",
            $"<p>Please confirm your e-mail address and choose your password by opening <a href=\"{confirmationLink}\">this link</a>.</p>" +
            "<p>Confirming the address lets you see and answer any complaint filed against it. " +
            "If you did not ask for this, ignore this message: without it the address stays unconfirmed.</p>");

    /// <summary>Someone registered with an address that already has a confirmed account: its owner is told, nobody else.</summary>
    public Task SendAlreadyRegisteredAsync(string email, string signInLink) =>
        SendAsync(email, "You already have an ODR service account",
            $"Someone asked to register this address, which already has an account. To use it, sign in:\n\n{WebUtility.HtmlDecode(signInLink)}\n\n" +
            "If it was not you, ignore this message: nothing has changed.",
            $"<p>Someone asked to register this address, which already has an account. To use it, <a href=\"{signInLink}\">sign in</a>.</p>" +
            "<p>If it was not you, ignore this message: nothing has changed.</p>");

    /// <summary>
    /// A marketplace filed a complaint for the buyer at this address: the link confirms the address and sets a password
    /// (<paramref name="needsConfirmation"/>), or signs in to the case.
    /// </summary>
    public Task SendCaseInvitationAsync(string email, string caseNumber, string orderReference, string marketplace, string link,
        bool needsConfirmation)
    {
        var action = needsConfirmation ? "confirm your e-mail address and choose your password" : "sign in";
        return SendAsync(email, $"[{caseNumber}] {marketplace} filed your complaint about order {orderReference}",
            $"{marketplace} filed a complaint about your order {orderReference} with the ODR service on your behalf (case {caseNumber}). " +
            $"To take part, {action}:\n\n{WebUtility.HtmlDecode(link)}\n\nIf you did not ask {marketplace} for this, ignore this message.",
            $"<p>{WebUtility.HtmlEncode(marketplace)} filed a complaint about your order {WebUtility.HtmlEncode(orderReference)} with the ODR " +
            $"service on your behalf (case {caseNumber}). To take part, <a href=\"{link}\">{action}</a>.</p>" +
            $"<p>If you did not ask {WebUtility.HtmlEncode(marketplace)} for this, ignore this message.</p>");
    }

    public Task SendPasswordResetLinkAsync(OdrUser user, string email, string resetLink) =>
        SendAsync(email, "Reset your ODR service password",
            $"To choose a new password, open this link:\n\n{WebUtility.HtmlDecode(resetLink)}\n\nIf you did not ask for this, ignore this message.",
            $"<p>To choose a new password, open <a href=\"{resetLink}\">this link</a>.</p>" +
            "<p>If you did not ask for this, ignore this message.</p>");

    public Task SendPasswordResetCodeAsync(OdrUser user, string email, string resetCode) =>
        SendAsync(email, "Your ODR service password reset code",
            $"Your password reset code is: {resetCode}\n\nIf you did not ask for this, ignore this message.",
            $"<p>Your password reset code is: <strong>{HtmlEncoder.Default.Encode(resetCode)}</strong></p>" +
            "<p>If you did not ask for this, ignore this message.</p>");

    private Task SendAsync(string to, string subject, string text, string html) =>
        mail.SendAsync(new OutgoingMail(to, subject, text) { HtmlBody = html }, CancellationToken.None);
}
