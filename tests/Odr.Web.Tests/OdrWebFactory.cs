using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure;
using Odr.Workflows.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Odr.Web.Tests;

/// <summary>
/// The real service on a real database of its own (one per factory, so per test class; SQLite, or PostgreSQL in the test
/// command's second run), with a fake clock
/// and the demo accounts seeded.
/// </summary>
public partial class OdrWebFactory : WebApplicationFactory<Program>
{
    public OdrWebFactory() : this(sqliteOnly: false)
    {
    }

    protected OdrWebFactory(bool sqliteOnly)
    {
        DataDirectory = Directory.CreateTempSubdirectory("odr-web-tests-").FullName;
        Database = TestDatabase.Create(DataDirectory, sqliteOnly);
    }

    public string DataDirectory { get; }

    /// <summary>This service's database: SQLite in <see cref="DataDirectory"/>, or its own PostgreSQL database.</summary>
    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Extra settings a test class needs, as configuration keys.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in Database.Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("Odr:Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Odr:Demo:Seed", "true");
        // Tests drive the workflow runtime themselves (DrainWorkflowsAsync) on the fake clock; RealTimeWorkflowTests runs the pollers.
        builder.UseSetting("Odr:Workflows:RunPollers", "false");
        // Every test signs in from the same (absent) address; SignInRateLimitTests sets its own limit.
        builder.UseSetting("Odr:RateLimits:SignInPerMinute", "100000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddTransient<IStartupFilter, PeerAddressFilter>();
        });
    }

    /// <summary>
    /// The header a test names the connection's peer address with. The in-memory test server has no TCP peer (its
    /// remote address is null, which ASP.NET Core's forwarded-headers middleware then trusts blindly); this stands in for
    /// one, set before the service's own middleware runs, as Kestrel would.
    /// </summary>
    public const string PeerAddressHeader = "X-Test-Peer-Address";

    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate following) =>
            {
                if (context.Request.Headers.TryGetValue(PeerAddressHeader, out var peer))
                {
                    context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(peer.ToString());
                    context.Request.Headers.Remove(PeerAddressHeader);
                }
                return following(context);
            });
            next(app);
        };
    }

    /// <summary>Runs every due timer, pending signal and pending command until none is left, as the pollers would.</summary>
    public Task<int> DrainWorkflowsAsync() => Services.GetRequiredService<WorkflowProcessor<OdrDbContext>>().DrainAsync();

    /// <summary>Moves the fake clock on and lets the workflows catch up.</summary>
    public async Task AdvanceAsync(TimeSpan delta)
    {
        Clock.Advance(delta);
        await DrainWorkflowsAsync();
    }

    /// <summary>A client signed in as the account with id <paramref name="userId"/> (e.g. the neutral a case was given).</summary>
    public async Task<HttpClient> ClientForUserAsync(Guid userId)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<OdrUser>>().FindByIdAsync(userId.ToString());
        return await ClientForAsync(user!.Email!);
    }

    /// <summary>The e-mail address of the account with id <paramref name="userId"/>.</summary>
    public async Task<string> EmailOfAsync(Guid userId)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<OdrUser>>().FindByIdAsync(userId.ToString());
        return user!.Email!;
    }

    /// <summary>The display name of the account with id <paramref name="userId"/>.</summary>
    public async Task<string> DisplayNameAsync(Guid userId)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<OdrUser>>().FindByIdAsync(userId.ToString());
        return user!.NameForDisplay;
    }

    /// <summary>A client signed in through <c>/api/auth/login</c> with a bearer token.</summary>
    public async Task<HttpClient> ClientForAsync(string email, string password = DemoSeeder.DemoPassword)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenForAsync(email, password));
        return client;
    }

    /// <summary>A browser-like client: cookies kept, redirects not followed.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The antiforgery token of the form on a page.</summary>
    public static async Task<string> FormTokenAsync(HttpClient browser, string path) =>
        FormToken().Match(await browser.GetStringAsync(path)).Groups[1].Value;

    /// <summary>A browser signed in through the sign-in form, holding the Identity cookie.</summary>
    public async Task<HttpClient> BrowserForAsync(string email, string password = DemoSeeder.DemoPassword)
    {
        var browser = Browser();
        var token = await FormTokenAsync(browser, "/Account/Login");
        var response = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex FormToken();

    /// <summary>A bearer token from <c>/api/auth/login</c>.</summary>
    public Task<string> TokenForAsync(string email, string password = DemoSeeder.DemoPassword) => TokenFromAsync(CreateClient(), email, password);

    /// <summary>A bearer token from <c>/api/auth/login</c> of the service <paramref name="client"/> talks to.</summary>
    public static async Task<string> TokenFromAsync(HttpClient client, string email, string password = DemoSeeder.DemoPassword)
    {
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Database.Dispose();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a finishing request; the temp folder is cleaned by the OS.
            }
        }
    }

    private sealed record TokenResponse(string TokenType, string AccessToken, int ExpiresIn, string RefreshToken);
}
