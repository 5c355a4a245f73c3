using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Tests;

/// <summary>
/// The session cookie's check on each page (<see cref="CookieStampValidator"/>): the stamp is checked every time, the
/// principal is rebuilt only when the account's roles changed. Ending sessions by the stamp is in AccountTests.
/// </summary>
public sealed class CookieStampTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private const string SessionCookie = ".AspNetCore.Identity.Application";

    [Fact]
    public async Task APageView_WithTheStampAndRolesUnchanged_DoesNotWriteTheSessionCookieAgain()
    {
        var browser = await factory.BrowserForAsync("buyer@demo.odr");
        await browser.GetAsync("/Cases"); // any antiforgery cookie is written on the first page
        factory.Clock.Advance(TimeSpan.FromSeconds(1)); // cookies are checked once any time has passed since they were issued

        using var response = await browser.GetAsync("/Cases");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var written = response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [];
        Assert.DoesNotContain(written, cookie => cookie.StartsWith(SessionCookie, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARoleGivenSinceSignIn_ReachesTheSession_AtItsNextPage()
    {
        const string email = "new.regulator@example.com";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<OdrUser>>();
            var account = new OdrUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "New Regulator" };
            Assert.True((await users.CreateAsync(account, DemoSeeder.DemoPassword)).Succeeded);
        }
        var browser = await factory.BrowserForAsync(email);
        Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync("/Regulator")).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<OdrUser>>();
            Assert.True((await users.AddToRoleAsync((await users.FindByEmailAsync(email))!, Roles.Regulator)).Succeeded);
        }

        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Regulator")).StatusCode);
    }
}
