using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Odr.Web.Tests;

/// <summary>Headers, cross-site forgery, sign-in limits and lockout, and script shown as text wherever people's words appear.</summary>
public class SecurityTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    [InlineData("/api/decisions")]
    [InlineData("/no-such-page")]
    public async Task EveryResponse_CarriesTheSecurityHeaders_AndNoHstsInDevelopment(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline'; ", policy.Replace("style-src-attr 'unsafe-inline'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task SignedInAnswersAndDownloads_AreNotStored_WhilePublicResourcesMayBe()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var url = $"/api/cases/{(await Filings.FileAsync(buyer))["id"]}";
        var evidence = await buyer.PostAsync($"{url}/evidence", EvidenceUploads.Upload(EvidenceUploads.Pdf, "receipt.pdf", "application/pdf"));
        Assert.Equal(HttpStatusCode.Created, evidence.StatusCode);
        await (await factory.ClientForAsync("seller@demo.odr")).PostAsJsonAsync($"{url}/response", new { action = "accept", consentToArbitration = false });
        await factory.DrainWorkflowsAsync();
        var document = (await buyer.GetFromJsonAsync<JsonArray>($"{url}/documents"))!.Single()!;
        var regulator = await factory.ClientForAsync("regulator@demo.odr");
        var browser = await factory.BrowserForAsync("buyer@demo.odr");

        var notStored = new (string What, Func<Task<HttpResponseMessage>> Get)[]
        {
            ("a case as JSON", () => buyer.GetAsync(url)),
            ("the case list as JSON", () => buyer.GetAsync("/api/cases")),
            ("an evidence file", () => buyer.GetAsync(evidence.Headers.Location)),
            ("a document", () => buyer.GetAsync($"/api/documents/{document["id"]}")),
            ("a case's chain", () => regulator.GetAsync($"/api/audit/cases/{url[(url.LastIndexOf('/') + 1)..]}/chain")),
            ("the statistics", () => regulator.GetAsync("/api/stats")),
            ("the CSV export", () => regulator.GetAsync("/api/stats/export.csv")),
            ("a signed-in page", () => browser.GetAsync("/Cases")),
        };
        foreach (var (what, get) in notStored)
        {
            var response = await get();
            Assert.True(response.IsSuccessStatusCode, $"{what}: {(int)response.StatusCode}");
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{what}: Cache-Control '{response.Headers.CacheControl}'");
        }

        var anonymous = factory.CreateClient();
        foreach (var (what, response) in new[]
                 {
                     ("verification", await anonymous.GetAsync($"/api/verify/{document["verificationCode"]}")),
                     ("a script", await anonymous.GetAsync("/js/site.js")),
                     ("a script to a signed-in browser", await browser.GetAsync("/js/site.js")),
                 })
        {
            Assert.True(response.IsSuccessStatusCode, $"{what}: {(int)response.StatusCode}");
            Assert.False(response.Headers.CacheControl?.NoStore == true, $"{what}: Cache-Control '{response.Headers.CacheControl}'");
        }
    }

    [Fact]
    public async Task AForm_PostedWithoutItsAntiforgeryToken_IsRefused()
    {
        var browser = await factory.BrowserForAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(await factory.ClientForAsync("buyer@demo.odr"));

        // A signed-in browser, lured by another site into posting: the cookie goes along, the token does not.
        var forged = await browser.PostAsync($"/Cases/Details/{filed["id"]}?handler=Message",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["text"] = "forged", ["channel"] = "Joint" }));
        var login = await factory.Browser().PostAsync("/Account/Login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "buyer@demo.odr", ["password"] = "Odr-demo-2026!" }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        var transcript = await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonArray>($"/api/cases/{filed["id"]}/messages");
        Assert.Empty(transcript!);
    }

    /// <summary>
    /// A NUL (which PostgreSQL cannot store) in a form field: ASP.NET Core's form reader refuses it, and the page says why.
    /// Nothing is saved.
    /// </summary>
    [Fact]
    public async Task AFormFieldWithControlCharacters_IsRefused_AndNothingIsSaved()
    {
        var filed = await Filings.FileAsync(await factory.ClientForAsync("buyer@demo.odr"));
        var browser = await factory.BrowserForAsync("buyer@demo.odr");
        var token = await OdrWebFactory.FormTokenAsync(browser, $"/Cases/Details/{filed["id"]}");

        var response = await browser.PostAsync($"/Cases/Details/{filed["id"]}?handler=Message", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["text"] = "hello\u0000world", ["channel"] = "Joint", ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("control characters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var transcript = await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonArray>($"/api/cases/{filed["id"]}/messages");
        Assert.Empty(transcript!);
    }

    /// <summary>
    /// Five wrong passwords from one address lock that address out of the account, with the wrong password's own
    /// answer; the owner signing in from another address is not locked out by someone else's guesses.
    /// </summary>
    [Fact]
    public async Task FiveWrongPasswords_LockTheAccountFromThatAddressOnly()
    {
        var guesser = Peer(factory.CreateClient(), "198.51.100.7");
        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await AccountTests.AnswerAsync(
                await guesser.PostAsJsonAsync("/api/auth/login", new { email = "arbitrator2@demo.odr", password = $"not-it-{i}" })));
        }

        var rightFromThere = await guesser.PostAsJsonAsync("/api/auth/login", new { email = "arbitrator2@demo.odr", password = "Odr-demo-2026!" });
        var rightFromElsewhere = await Peer(factory.CreateClient(), "203.0.113.20")
            .PostAsJsonAsync("/api/auth/login", new { email = "arbitrator2@demo.odr", password = "Odr-demo-2026!" });

        Assert.All(answers, answer => Assert.StartsWith("401 ", answer, StringComparison.Ordinal));
        Assert.Equal(answers[0], await AccountTests.AnswerAsync(rightFromThere));
        Assert.Equal(HttpStatusCode.OK, rightFromElsewhere.StatusCode);
        var browser = Peer(factory.Browser(), "198.51.100.7"); // the sign-in form gives its wrong-password answer too
        var token = await OdrWebFactory.FormTokenAsync(browser, "/Account/Login");
        var viaForm = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "arbitrator2@demo.odr", ["password"] = "Odr-demo-2026!", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, viaForm.StatusCode);
        Assert.Contains("The e-mail address or password is not right.", await viaForm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The client as the test server's connection would have it (<see cref="OdrWebFactory.PeerAddressHeader"/>).</summary>
    internal static HttpClient Peer(HttpClient client, string address)
    {
        client.DefaultRequestHeaders.Add(OdrWebFactory.PeerAddressHeader, address);
        return client;
    }

    /// <summary>
    /// Script and markup in a complaint's words (seller's name, item, description) and in chat: the case page, the
    /// e-mails and the settlement PDF all show them as the text they are.
    /// </summary>
    [Fact]
    public async Task ScriptInPeoplesWords_IsShownAsText_InPagesEmailsAndDocuments()
    {
        const string name = "<script>alert('seller')</script> Trading";
        const string item = "<img src=x onerror=alert(1)> headphones";
        // A seller with no profile of its own: the case then names it as the buyer typed it (labelled as such).
        const string sellerEmail = "script.seller@sellers.example";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Infrastructure.Identity.OdrUser>>();
            var account = new Infrastructure.Identity.OdrUser { UserName = sellerEmail, Email = sellerEmail, EmailConfirmed = true, DisplayName = "Script Seller" };
            Assert.True((await users.CreateAsync(account, Infrastructure.Identity.DemoSeeder.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(account, Infrastructure.Identity.Roles.Seller)).Succeeded);
        }
        var filing = Filings.Valid(sellerEmail);
        filing["seller"]!["name"] = name;
        filing["seller"]!["country"] = "US";
        filing["item"] = item;
        filing["description"] = "</textarea><script>document.location='https://evil.example'</script>";
        var buyer = await factory.ClientForAsync("buyer2@demo.odr");
        var filed = await Filings.FileAsync(buyer, filing);
        var id = (string)filed["id"]!;
        var seller = await factory.ClientForAsync(sellerEmail);
        var sellerBrowser = await factory.BrowserForAsync(sellerEmail);
        var token = await OdrWebFactory.FormTokenAsync(sellerBrowser, $"/Cases/Details/{id}");
        Assert.Equal(HttpStatusCode.Redirect, (await sellerBrowser.PostAsync($"/Cases/Details/{id}?handler=Message", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["text"] = "<script>fetch('/api/cases')</script>", ["channel"] = "Joint", ["__RequestVerificationToken"] = token }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsJsonAsync($"/api/cases/{id}/response",
            new { action = "accept", statement = "<b>ok</b>", consentToArbitration = false })).StatusCode);
        await factory.DrainWorkflowsAsync();

        var page = await (await factory.BrowserForAsync("buyer2@demo.odr")).GetStringAsync($"/Cases/Details/{id}");
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>document", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>fetch", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;seller&#x27;)&lt;/script&gt; Trading", page, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; headphones", page, StringComparison.Ordinal);

        var mails = MimeMessageReading.LoadAll(Directory.GetFiles(Path.Combine(factory.DataDirectory, "mail"), "*.eml"));
        var filedMail = mails.Single(m => m.Subject!.Contains("complaint has been filed", StringComparison.Ordinal) && m.IsTo(sellerEmail));
        Assert.Contains(name, filedMail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", filedMail.HtmlBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", filedMail.HtmlBody!, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", filedMail.HtmlBody!, StringComparison.Ordinal);

        var settlement = Assert.Single((await buyer.GetFromJsonAsync<JsonArray>($"/api/cases/{id}/documents"))!)!;
        var text = await Poppler.TextAsync(await buyer.GetByteArrayAsync($"/api/documents/{settlement["id"]}"));
        Assert.Contains(name, text, StringComparison.Ordinal);
        Assert.Contains(item, text, StringComparison.Ordinal);
    }
}

/// <summary>Sign-in limited to 3 posts a minute from one address.</summary>
public sealed class TightSignInLimitWebFactory : OdrWebFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Odr:RateLimits:SignInPerMinute"] = "3" };
}

public class SignInRateLimitTests(TightSignInLimitWebFactory factory) : IClassFixture<TightSignInLimitWebFactory>
{
    [Fact]
    public async Task SignInAttemptsFromOneAddress_AreLimited_WithRetryAfter()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized,
                (await client.PostAsJsonAsync("/api/auth/login", new { email = $"nobody{i}@example.com", password = "guess-guess" })).StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/auth/login", new { email = "buyer@demo.odr", password = "Odr-demo-2026!" });
        var page = await factory.Browser().PostAsync("/Account/Login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "buyer@demo.odr", ["password"] = "x" }));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        // Reading the sign-in page is not limited.
        Assert.Equal(HttpStatusCode.OK, (await factory.Browser().GetAsync("/Account/Login")).StatusCode);
    }

    /// <summary>Refreshing a token guesses nothing: a client refreshing often can still sign in.</summary>
    [Fact]
    public async Task TokenRefreshes_DoNotCountAgainstTheSignInLimit()
    {
        var client = SecurityTests.Peer(factory.CreateClient(), "192.0.2.44");
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "buyer2@demo.odr", password = "Odr-demo-2026!" });
        var refreshToken = (string)(await login.Content.ReadFromJsonAsync<JsonObject>())!["refreshToken"]!;
        for (var i = 0; i < 4; i++)
        {
            var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
            refreshToken = (string)(await refreshed.Content.ReadFromJsonAsync<JsonObject>())!["refreshToken"]!;
        }

        var again = await client.PostAsJsonAsync("/api/auth/login", new { email = "buyer2@demo.odr", password = "Odr-demo-2026!" });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    /// <summary>
    /// With no reverse proxy configured, X-Forwarded-For is the client's own word and is ignored: changing it does not
    /// escape the limit of the address the connection comes from.
    /// </summary>
    [Fact]
    public async Task WithNoKnownProxy_AForwardedForHeader_DoesNotChangeTheClientsAddress()
    {
        for (var i = 0; i < 4; i++)
        {
            var client = SecurityTests.Peer(factory.CreateClient(), "192.0.2.77");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            var response = await client.PostAsJsonAsync("/api/auth/login", new { email = $"nobody{i}@example.com", password = "guess-guess" });
            Assert.Equal(i < 3 ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, response.StatusCode);
        }
    }
}

/// <summary>The service in Production, reached over HTTPS at a public name.</summary>
public sealed class ProductionWebFactory : OdrWebFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Odr:PublicBaseUrl"] = "https://odr.example" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

public class ProductionHeaderTests(ProductionWebFactory factory) : IClassFixture<ProductionWebFactory>
{
    [Fact]
    public async Task OverHttpsOutsideDevelopment_BrowsersAreToldToKeepToHttps()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://odr.example") });

        var response = await client.GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    /// <summary>Outside Development only the public base URL's host is served: a forged Host never reaches the service.</summary>
    [Fact]
    public async Task AForeignHost_IsRefused_OutsideDevelopment()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://odr.example") });
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register")
        {
            Content = JsonContent.Create(new { email = "host.check@example.com", password = "Str0ng-pass!" }),
        };
        forged.Headers.Host = "evil.example";

        var response = await client.SendAsync(forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(factory.DataDirectory, "mail"), "*.eml"));
    }
}

/// <summary>Sign-in limited to 3 posts a minute per client, behind a reverse proxy at 10.0.0.5.</summary>
public sealed class BehindAProxyWebFactory : OdrWebFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Odr:RateLimits:SignInPerMinute"] = "3",
        ["Odr:ReverseProxy:KnownProxies:0"] = "10.0.0.5",
    };
}

public class ReverseProxyTests(BehindAProxyWebFactory factory) : IClassFixture<BehindAProxyWebFactory>
{
    /// <summary>Behind the configured proxy, each client the proxy names has its own limit and lockout; the proxy is not one client.</summary>
    [Fact]
    public async Task BehindAKnownProxy_LimitsAndLockoutsKeyOnTheForwardedClient()
    {
        HttpClient Via(string client)
        {
            var http = SecurityTests.Peer(factory.CreateClient(), "10.0.0.5");
            http.DefaultRequestHeaders.Add("X-Forwarded-For", client);
            return http;
        }
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Via("203.0.113.9").PostAsJsonAsync("/api/auth/login",
                new { email = "mediator2@demo.odr", password = $"guess-{i}" })).StatusCode);
        }

        var sameClient = await Via("203.0.113.9").PostAsJsonAsync("/api/auth/login", new { email = "mediator2@demo.odr", password = "Odr-demo-2026!" });
        var otherClient = await Via("198.51.100.60").PostAsJsonAsync("/api/auth/login", new { email = "mediator2@demo.odr", password = "Odr-demo-2026!" });

        Assert.Equal(HttpStatusCode.TooManyRequests, sameClient.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }
}

public class ConcurrentWritersTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    /// <summary>
    /// Both parties fire offers at one case at once. Each either lands or is refused as a conflict (409); none fails
    /// with a server error, and the case's history stays one unbroken chain. On PostgreSQL, where the transactions
    /// overlap, this is the case-row lock's work; on SQLite transactions take turns anyway.
    /// </summary>
    [Fact]
    public async Task OffersRacingOnOneCase_LandOrConflict_AndTheHistoryStaysWhole()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var seller = await factory.ClientForAsync("seller@demo.odr");
        var url = $"/api/cases/{(await Filings.FileAsync(buyer))["id"]}";
        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsJsonAsync($"{url}/response", new
        {
            action = "counterOffer",
            offer = new { remedy = new { type = "partialRefund", amount = new { value = 30, currency = "EUR" } } },
            statement = "It arrived late.",
            consentToArbitration = false,
        })).StatusCode);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            var response = await (i % 2 == 0 ? buyer : seller).PostAsJsonAsync($"{url}/offers",
                new { remedy = new { type = "partialRefund", amount = new { value = 31 + i, currency = "EUR" } } });
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Conflict, $"{s}"));
        Assert.Contains(statuses, s => s is HttpStatusCode.Created or HttpStatusCode.OK);
        var audit = await (await factory.ClientForAsync("regulator@demo.odr")).GetFromJsonAsync<JsonObject>("/api/audit/verify");
        Assert.Empty(audit!["brokenCases"]!.AsArray());
    }
}
