using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using MimeKit;

namespace Odr.Web.Tests;

/// <summary>Registration, confirmation of the address, sign-in, lockout and the tokens' life.</summary>
public partial class AccountTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private const string Password = "Str0ng-pass!";
    private const string OwnersPassword = "0wner's-Own-pass";

    [Fact]
    public async Task Register_ThroughTheApi_MakesABuyerWhoCanFile()
    {
        var anonymous = factory.CreateClient();
        var register = await anonymous.PostAsJsonAsync("/api/auth/register", new { email = "new.buyer@example.com", password = Password });
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);

        var buyer = await factory.ClientForAsync("new.buyer@example.com", Password);
        var filed = await Filings.FileAsync(buyer);
        Assert.Equal("awaitingResponse", (string)filed["stage"]!);
    }

    [Fact]
    public async Task Register_WithAWeakPasswordOrABadAddress_Returns400NamingTheField()
    {
        var anonymous = factory.CreateClient();
        var weak = await anonymous.PostAsJsonAsync("/api/auth/register", new { email = "weak@example.com", password = "short" });
        var bad = await anonymous.PostAsJsonAsync("/api/auth/register", new { email = "not an address", password = Password });

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.NotNull((await weak.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["password"]);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["email"]);
    }

    [Fact]
    public async Task Login_AfterFiveWrongPasswords_RefusesTheRightOne_WithTheWrongPasswordsAnswer()
    {
        var anonymous = factory.CreateClient();
        await anonymous.PostAsJsonAsync("/api/auth/register", new { email = "lock.me@example.com", password = Password });
        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = "lock.me@example.com", password = "Wrong-pass-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            answers.Add(await AnswerAsync(wrong));
        }
        var correct = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = "lock.me@example.com", password = Password });

        Assert.Equal(HttpStatusCode.Unauthorized, correct.StatusCode);
        Assert.Equal(answers[0], await AnswerAsync(correct)); // a lockout is not told apart from a wrong password
    }

    [Fact]
    public async Task ASellerWhoRegisters_SeesTheCaseOnlyAfterConfirmingTheAddress()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(buyer, Filings.Valid("shop@seller.example"));
        var url = $"/api/cases/{filed["id"]}";

        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK,
            (await anonymous.PostAsJsonAsync("/api/auth/register", new { email = "shop@seller.example", password = Password })).StatusCode);
        var seller = await factory.ClientForAsync("shop@seller.example", Password);
        Assert.Equal(HttpStatusCode.NotFound, (await seller.GetAsync(url)).StatusCode);

        var link = ConfirmationLink("shop@seller.example");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/confirmEmail", ConfirmationOf(link, Password))).StatusCode);

        var asSeller = await (await factory.ClientForAsync("shop@seller.example", Password)).GetFromJsonAsync<JsonObject>(url);
        Assert.Equal("seller", (string)asSeller!["viewerRole"]!);
    }

    /// <summary>
    /// The reported takeover: someone registers the seller's address with a password of their own, under a forged Host.
    /// The link goes to the public base URL; the plain GET no longer confirms; confirming sets the password the mailbox's
    /// owner chooses, and ends the registrant's tokens and password.
    /// </summary>
    [Fact]
    public async Task ConfirmingAnAddress_SetsTheOwnersPassword_AndEndsWhatTheRegistrantHad()
    {
        const string victim = "sales@victim-shop.example";
        var filed = await Filings.FileAsync(await factory.ClientForAsync("buyer@demo.odr"), Filings.Valid(victim));
        var url = $"/api/cases/{filed["id"]}";
        var forged = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register") { Content = JsonContent.Create(new { email = victim, password = Password }) };
        forged.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().SendAsync(forged)).StatusCode);
        var attacker = await factory.ClientForAsync(victim, Password);

        var link = ConfirmationLink(victim);
        Assert.StartsWith("http://localhost:5080/Account/ConfirmEmail?", link, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(new Uri(link).Query);
        var replayed = await factory.CreateClient().GetAsync($"/api/auth/confirmEmail?userId={query["userId"]}&code={query["code"]}");
        Assert.False(replayed.IsSuccessStatusCode);
        var withoutPassword = await factory.CreateClient().PostAsJsonAsync("/api/auth/confirmEmail", ConfirmationOf(link, null));
        Assert.Equal(HttpStatusCode.BadRequest, withoutPassword.StatusCode);
        Assert.NotNull((await withoutPassword.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["password"]);
        Assert.Equal(HttpStatusCode.NotFound, (await attacker.GetAsync(url)).StatusCode); // still unconfirmed

        var confirmed = await factory.CreateClient().PostAsJsonAsync("/api/auth/confirmEmail", ConfirmationOf(link, OwnersPassword));

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = victim, password = Password })).StatusCode);
        var owner = await factory.ClientForAsync(victim, OwnersPassword);
        Assert.Equal("seller", (string)(await owner.GetFromJsonAsync<JsonObject>(url))!["viewerRole"]!);
        var again = await factory.CreateClient().PostAsJsonAsync("/api/auth/confirmEmail", ConfirmationOf(link, Password));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode); // the code worked once
        Assert.NotNull((await again.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["code"]);
    }

    /// <summary>Every e-mailed account link starts with Odr:PublicBaseUrl, whatever Host the request named.</summary>
    [Fact]
    public async Task EveryAccountLinkInAnEmail_IsOnThePublicBaseUrl_WhateverTheHost()
    {
        var mover = await factory.ClientForAsync("buyer2@demo.odr");
        mover.DefaultRequestHeaders.Host = "evil.example";
        var requests = new (HttpClient Client, string Path, object Body)[]
        {
            (factory.CreateClient(), "/api/auth/register", new { email = "links@example.com", password = Password }), // new address
            (factory.CreateClient(), "/api/auth/register", new { email = "seller2@demo.odr", password = Password }), // taken, confirmed
            (factory.CreateClient(), "/api/auth/resendConfirmationEmail", new { email = "links@example.com" }),
            (mover, "/api/auth/manage/info", new { newEmail = "moved@example.com" }), // a change of address
        };
        var before = MailFiles();
        foreach (var (client, path, body) in requests)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.Host = "evil.example";
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        }

        var mails = MimeMessageReading.LoadAll(MailFiles().Except(before));
        Assert.Equal(4, mails.Count);
        foreach (var mail in mails)
        {
            var links = AnyLink().Matches(mail.TextBody + mail.HtmlBody).Select(m => m.Value).ToList();
            Assert.NotEmpty(links);
            Assert.All(links, link => Assert.StartsWith("http://localhost:5080/Account/", link, StringComparison.Ordinal));
        }
        Assert.Contains(mails, m => m.IsTo("moved@example.com") && m.TextBody!.Contains("changedEmail=", StringComparison.Ordinal));
    }

    /// <summary>The seller's journey on the pages: register from the notice, open the e-mailed link, choose the password, see the case.</summary>
    [Fact]
    public async Task TheConfirmationPage_AsksForThePassword_AndSignsTheOwnerIn()
    {
        const string seller = "page.seller@shop.example";
        var filed = await Filings.FileAsync(await factory.ClientForAsync("buyer@demo.odr"), Filings.Valid(seller));
        var registered = factory.Browser();
        var token = await OdrWebFactory.FormTokenAsync(registered, "/Account/Register");
        Assert.Equal(HttpStatusCode.Redirect, (await registered.PostAsync("/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = seller, ["password"] = Password, ["__RequestVerificationToken"] = token,
        }))).StatusCode);
        var link = new Uri(ConfirmationLink(seller)).PathAndQuery;

        var browser = factory.Browser();
        var form = await browser.GetStringAsync(link);
        Assert.Contains("name=\"password\"", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.ClientForAsync(seller, Password)).GetAsync($"/api/cases/{filed["id"]}")).StatusCode);
        var query = QueryHelpers.ParseQuery(new Uri("http://x" + link).Query);
        var confirmed = await browser.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userId"] = query["userId"]!, ["code"] = query["code"]!, ["password"] = OwnersPassword,
            ["__RequestVerificationToken"] = FormToken().Match(form).Groups[1].Value,
        }));

        Assert.Contains("your address is confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/Cases/Details/{filed["id"]}")).StatusCode);
        factory.Clock.Advance(TimeSpan.FromSeconds(1)); // cookies are checked once any time has passed since they were issued
        Assert.Equal(HttpStatusCode.Redirect, (await registered.GetAsync("/Cases")).StatusCode); // the registration's session ended
    }

    /// <summary>Most who register on their own are buyers: the empty list shows them the way to file, the seller's case only a hint.</summary>
    [Fact]
    public async Task ANewAccount_SeesHowToFile_AndNoSellerWarning()
    {
        var browser = factory.Browser();
        var token = await OdrWebFactory.FormTokenAsync(browser, "/Account/Register");
        var registered = await browser.PostAsync("/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "fresh.buyer@example.com", ["password"] = Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal("/Cases", registered.Headers.Location!.OriginalString);

        var cases = await browser.GetStringAsync("/Cases");
        Assert.Contains("please open the link in it to confirm your address.", cases, StringComparison.Ordinal);
        Assert.Contains("id=\"start-guide\"", cases, StringComparison.Ordinal);
        Assert.Contains("The filing guide asks a few plain questions", cases, StringComparison.Ordinal);
        Assert.Contains("id=\"seller-confirm-hint\"", cases, StringComparison.Ordinal);
        Assert.DoesNotContain("notice warning", cases, StringComparison.Ordinal);
        Assert.DoesNotContain("complaint filed against it", cases, StringComparison.Ordinal);

        var confirmed = await factory.BrowserForAsync("buyer2@demo.odr"); // a confirmed address hides nothing: no hint
        Assert.DoesNotContain("id=\"seller-confirm-hint\"", await confirmed.GetStringAsync("/Cases"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningOut_EndsTheAccessToken_ItsRefreshToken_AndTheAccountsOtherSessions()
    {
        var tokens = await LoginAsync("mediator@demo.odr");
        var api = Bearer(tokens);
        var browser = await factory.BrowserForAsync("mediator@demo.odr");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/cases")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync("/api/auth/logout", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync((string)tokens["refreshToken"]!)).StatusCode);
        factory.Clock.Advance(TimeSpan.FromSeconds(1)); // cookies are checked once any time has passed since they were issued
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Cases")).StatusCode);
        var hub = await factory.CreateClient().PostAsync(
            $"{Odr.Web.Features.Chat.DisputeChatHub.Path}/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString((string)tokens["accessToken"]!)}", null);
        Assert.Equal(HttpStatusCode.Unauthorized, hub.StatusCode); // the hub's query-string token too
    }

    [Fact]
    public async Task ChangingThePassword_EndsEveryEarlierToken()
    {
        var anonymous = factory.CreateClient();
        await anonymous.PostAsJsonAsync("/api/auth/register", new { email = "changer@example.com", password = Password });
        var first = Bearer(await LoginAsync("changer@example.com", Password));
        var second = await LoginAsync("changer@example.com", Password);

        var changed = await first.PostAsJsonAsync("/api/auth/manage/info", new { oldPassword = Password, newPassword = OwnersPassword });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(second).GetAsync("/api/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync((string)second["refreshToken"]!)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(await LoginAsync("changer@example.com", OwnersPassword)).GetAsync("/api/cases")).StatusCode);
    }

    /// <summary>A refresh token is exchanged once; a second use means a copy is about, and ends the tokens made from it.</summary>
    [Fact]
    public async Task ARefreshToken_WorksOnce_AndASecondUseEndsItsSuccessors()
    {
        var login = await LoginAsync("arbitrator@demo.odr");
        var refreshed = await RefreshAsync((string)login["refreshToken"]!);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var successor = (await refreshed.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.OK, (await Bearer(successor).GetAsync("/api/cases")).StatusCode);

        var reused = await RefreshAsync((string)login["refreshToken"]!);

        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(successor).GetAsync("/api/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync((string)successor["refreshToken"]!)).StatusCode);
    }

    /// <summary>A ProblemDetails answer without its trace id, which differs per request.</summary>
    internal static async Task<string> AnswerAsync(HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        body.Remove("traceId");
        return $"{(int)response.StatusCode} {body.ToJsonString()}";
    }

    private async Task<JsonObject> LoginAsync(string email, string password = "Odr-demo-2026!")
    {
        var login = await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

    private HttpClient Bearer(JsonObject tokens)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)tokens["accessToken"]!);
        return client;
    }

    private static object ConfirmationOf(string link, string? password)
    {
        var query = QueryHelpers.ParseQuery(new Uri(link).Query);
        return new { userId = query["userId"].ToString(), code = query["code"].ToString(), password };
    }

    private string[] MailFiles() => Directory.GetFiles(Path.Combine(factory.DataDirectory, "mail"), "*.eml");

    /// <summary>The latest confirmation link e-mailed to <paramref name="to"/> (written before the request that sent it answered).</summary>
    private string ConfirmationLink(string to)
    {
        var links = new List<(DateTime At, string Link)>();
        foreach (var file in MailFiles())
        {
            var mail = MimeMessage.Load(file);
            if (mail.IsTo(to) && mail.Subject!.Contains("Confirm", StringComparison.Ordinal))
            {
                links.Add((File.GetLastWriteTimeUtc(file), ConfirmLink().Match(mail.TextBody!).Value));
            }
        }
        return links.Count > 0 ? links.MaxBy(l => l.At).Link : throw new InvalidOperationException($"No confirmation mail to {to}.");
    }

    [GeneratedRegex(@"http://\S*/Account/ConfirmEmail\?\S+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex AnyLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
