using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Odr.Web.Infrastructure.Email;

namespace Odr.Web.Infrastructure.Identity;

/// <summary>
/// Identity's account e-mails (confirm address, reset password), sent through the service's mail sender. Identity
/// passes links already HTML-encoded (its contract: "do not double encode"), so the HTML uses them as given and the
/// plain text decodes them.
/// </summary>
public sealed class IdentityEmailSender(IMailSender mail) : IEmailSender<OdrUser>
{
    public Task SendConfirmationLinkAsync(OdrUser user, string email, string confirmationLink) =>
        SendAsync(email, "Confirm your e-mail address for the ODR service",
            $"Please confirm your e-mail address by opening this link:\n\n{WebUtility.HtmlDecode(confirmationLink)}\n\n" +
            "Confirming the address lets you see and answer any complaint filed against it.",
            $"<p>Please confirm your e-mail address by opening <a href=\"{confirmationLink}\">this link</a>.</p>" +
            "<p>Confirming the address lets you see and answer any complaint filed against it.</p>");

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
