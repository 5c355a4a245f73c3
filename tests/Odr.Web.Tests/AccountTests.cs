using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Odr.Web.Tests;

public partial class AccountTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private const string Password = "Str0ng-pass!";

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
    public async Task Register_WithAWeakPasswordOrDuplicateEmail_Returns400()
    {
        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.BadRequest,
            (await anonymous.PostAsJsonAsync("/api/auth/register", new { email = "weak@example.com", password = "short" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await anonymous.PostAsJsonAsync("/api/auth/register", new { email = "buyer@demo.odr", password = Password })).StatusCode);
    }

    [Fact]
    public async Task Login_WithAWrongPassword_Returns401AndLocksOutAfterFiveTries()
    {
        var anonymous = factory.CreateClient();
        await anonymous.PostAsJsonAsync("/api/auth/register", new { email = "lock.me@example.com", password = Password });
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized,
                (await anonymous.PostAsJsonAsync("/api/auth/login", new { email = "lock.me@example.com", password = "Wrong-pass-1" })).StatusCode);
        }
        var correct = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = "lock.me@example.com", password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, correct.StatusCode);
        Assert.Contains("LockedOut", await correct.Content.ReadAsStringAsync(), StringComparison.Ordinal);
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

        var link = await ConfirmationLinkAsync("shop@seller.example");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(link).PathAndQuery)).StatusCode);

        var asSeller = await seller.GetFromJsonAsync<JsonObject>(url);
        Assert.Equal("seller", (string)asSeller!["viewerRole"]!);
    }

    /// <summary>The confirmation link from the .eml file the service wrote (no SMTP host is configured in tests).</summary>
    private async Task<string> ConfirmationLinkAsync(string to)
    {
        var mailDirectory = Path.Combine(factory.DataDirectory, "mail");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            foreach (var file in Directory.EnumerateFiles(mailDirectory, "*.eml"))
            {
                var mail = await EmlFile.ReadAsync(file);
                if (mail.To.Contains(to, StringComparison.OrdinalIgnoreCase) && mail.Subject.Contains("Confirm", StringComparison.Ordinal))
                {
                    return ConfirmLink().Match(mail.TextBody).Value;
                }
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"No confirmation mail to {to} in {mailDirectory}.");
    }

    [GeneratedRegex(@"http://\S*/api/auth/confirmEmail\?\S+")]
    private static partial Regex ConfirmLink();
}
