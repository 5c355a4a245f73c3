using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Odr.Web.Infrastructure.Email;

namespace Odr.Web.Infrastructure.Identity;

/// <summary>
/// The account e-mails (confirm address, reset password, already registered), sent through the service's mail sender,
/// written from the one resource set (<c>email.…</c>) in the language of the request that causes them.
/// Links arrive already HTML-encoded (Identity's contract: "do not double encode"), so the HTML uses them as given and
/// the plain text decodes them. Every link is made from <see cref="PublicUrls"/> (<c>AccountService</c>).
/// </summary>
public sealed class IdentityEmailSender(IMailSender mail, IStringLocalizer<Text> t) : IEmailSender<OdrUser>
{
    public Task SendConfirmationLinkAsync(OdrUser user, string email, string confirmationLink) =>
        SendAsync(email, t["email.confirm.subject"], confirmationLink, t["email.confirm.open"], t["email.confirm.why"], t["email.ignore.unconfirmed"]);

    /// <summary>Someone registered with an address that already has a confirmed account: its owner is told, nobody else.</summary>
    public Task SendAlreadyRegisteredAsync(string email, string signInLink) =>
        SendAsync(email, t["email.alreadyRegistered.subject"], signInLink, t["email.alreadyRegistered.open"], t["email.ignore.nothingChanged"]);

    /// <summary>
    /// A marketplace filed a complaint for the buyer at this address: the link confirms the address and sets a password
    /// (<paramref name="needsConfirmation"/>), or signs in to the case.
    /// </summary>
    public Task SendCaseInvitationAsync(string email, string caseNumber, string orderReference, string marketplace, string link,
        bool needsConfirmation) =>
        SendAsync(email, $"[{caseNumber}] {t["email.invitation.subject", marketplace, orderReference]}", link,
            t[needsConfirmation ? "email.invitation.confirm" : "email.invitation.signIn", marketplace, orderReference, caseNumber],
            t["email.invitation.ignore", marketplace]);

    public Task SendPasswordResetLinkAsync(OdrUser user, string email, string resetLink) =>
        SendAsync(email, t["email.reset.subject"], resetLink, t["email.reset.open"], t["email.ignore"]);

    public Task SendPasswordResetCodeAsync(OdrUser user, string email, string resetCode)
    {
        var code = t["email.resetCode.body", resetCode];
        var ignore = t["email.ignore"];
        return mail.SendAsync(new OutgoingMail(email, t["email.resetCode.subject"], $"{code}\n\n{ignore}")
        {
            HtmlBody = $"<p>{HtmlEncoder.Default.Encode(code)}</p><p>{HtmlEncoder.Default.Encode(ignore)}</p>",
        }, CancellationToken.None);
    }

    /// <summary>An e-mail that asks the reader to open one link: what it is for (ending in a colon), the link, then the rest.</summary>
    private Task SendAsync(string to, string subject, string link, string open, params string[] after)
    {
        var text = $"{open}\n\n{WebUtility.HtmlDecode(link)}\n\n{string.Join(" ", after)}";
        var html = $"<p>{HtmlEncoder.Default.Encode(open)}</p><p><a href=\"{link}\">{WebUtility.HtmlEncode(WebUtility.HtmlDecode(link))}</a></p>" +
            $"<p>{HtmlEncoder.Default.Encode(string.Join(" ", after))}</p>";
        return mail.SendAsync(new OutgoingMail(to, subject, text) { HtmlBody = html }, CancellationToken.None);
    }
}
