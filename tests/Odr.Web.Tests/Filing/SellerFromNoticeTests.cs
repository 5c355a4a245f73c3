using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using MimeKit;

namespace Odr.Web.Tests.Filing;

/// <summary>The seller's way in from the complaint's notice: register, confirm the address, and the case opens.</summary>
public sealed partial class SellerFromNoticeTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private const string Password = "Str0ng-pass!";

    [Fact]
    public async Task ASellerWhoRegistersFromTheNotice_IsToldToConfirm_AndTheCaseOpensOnceConfirmed()
    {
        const string seller = "notice.seller@shop.example";
        var filed = await Filings.FileAsync(await factory.ClientForAsync("buyer@demo.odr"), Filings.Valid(seller));
        await factory.DrainWorkflowsAsync();
        var register = new Uri(Link(seller, "Complaint", RegisterLink())).PathAndQuery;
        Assert.Contains($"returnUrl=%2FCases%2FDetails%2F{filed["id"]}", register, StringComparison.Ordinal);

        var browser = factory.Browser();
        var registerForm = await browser.GetStringAsync(register);
        var registered = await browser.PostAsync(register, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = seller, ["password"] = Password, ["returnUrl"] = $"/Cases/Details/{filed["id"]}",
            ["__RequestVerificationToken"] = FormToken().Match(registerForm).Groups[1].Value,
        }));

        Assert.Equal(HttpStatusCode.OK, registered.StatusCode); // not sent on to a case it may not see yet ("Page not found")
        var told = await registered.Content.ReadAsStringAsync();
        Assert.Contains("One step left: confirm your e-mail address", told, StringComparison.Ordinal);
        Assert.Contains(seller, told, StringComparison.Ordinal);

        var confirm = new Uri(Link(seller, "Confirm", ConfirmLink())).PathAndQuery;
        var confirmForm = await browser.GetStringAsync(confirm);
        Assert.Contains("the case opens", confirmForm, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(new Uri("http://x" + confirm).Query);
        var confirmed = await browser.PostAsync(confirm, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userId"] = query["userId"]!, ["code"] = query["code"]!, ["password"] = Password, ["returnUrl"] = query["returnUrl"]!,
            ["__RequestVerificationToken"] = FormToken().Match(confirmForm).Groups[1].Value,
        }));

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal($"/Cases/Details/{filed["id"]}", confirmed.Headers.Location!.OriginalString);
        var casePage = await browser.GetAsync(confirmed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, casePage.StatusCode);
        Assert.Contains("your address is confirmed", await casePage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilingOnThePage_SendsTheBuyerAReceipt_WithTheNumber_WhatHappensNext_AndTheCaseLink()
    {
        var buyer = await factory.BrowserForAsync("buyer@demo.odr");
        var filed = await buyer.PostAsync("/Cases/File", PageTests.Complaint(await OdrWebFactory.FormTokenAsync(buyer, "/Cases/File")));
        var id = filed.Headers.Location!.OriginalString["/Cases/Details/".Length..];
        await factory.DrainWorkflowsAsync();

        var receipt = Assert.Single(Directory.GetFiles(Path.Combine(factory.DataDirectory, "mail"), "*.eml").Select(f => MimeMessage.Load(f)),
            m => m.To.Mailboxes.Any(a => a.Address == "buyer@demo.odr")
                && m.TextBody!.Contains($"http://localhost:5080/Cases/Details/{id}", StringComparison.Ordinal));
        Assert.Contains("Your complaint is filed: case", receipt.Subject, StringComparison.Ordinal);
        Assert.Contains("What happens next", receipt.TextBody, StringComparison.Ordinal);
        Assert.Contains("Your case number is", receipt.TextBody, StringComparison.Ordinal);
    }

    /// <summary>The newest link of <paramref name="pattern"/> in a mail to <paramref name="to"/> whose subject has <paramref name="subject"/>.</summary>
    private string Link(string to, string subject, Regex pattern)
    {
        var links = new List<(DateTime At, string Link)>();
        foreach (var file in Directory.GetFiles(Path.Combine(factory.DataDirectory, "mail"), "*.eml"))
        {
            var mail = MimeMessage.Load(file);
            if (mail.To.Mailboxes.Any(m => m.Address == to) && mail.Subject!.Contains(subject, StringComparison.OrdinalIgnoreCase)
                && pattern.Match(mail.TextBody ?? "") is { Success: true } match)
            {
                links.Add((File.GetLastWriteTimeUtc(file), match.Value));
            }
        }
        return links.Count > 0 ? links.MaxBy(l => l.At).Link : throw new InvalidOperationException($"No '{subject}' mail to {to}.");
    }

    [GeneratedRegex(@"http://\S*/Account/Register\?\S+")]
    private static partial Regex RegisterLink();

    [GeneratedRegex(@"http://\S*/Account/ConfirmEmail\?\S+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
