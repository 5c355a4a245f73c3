using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MimeKit;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Tests;

/// <summary>The service with its password hasher counted (the hashing is the work that made timing tell accounts apart).</summary>
public sealed class CountingHasherWebFactory : OdrWebFactory
{
    public CountingPasswordHasher Hasher { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Scoped<IPasswordHasher<OdrUser>>(provider =>
        {
            Hasher.Inner ??= new PasswordHasher<OdrUser>(provider.GetRequiredService<IOptions<PasswordHasherOptions>>());
            return Hasher;
        })));
    }
}

public sealed class CountingPasswordHasher : IPasswordHasher<OdrUser>
{
    private int _hashed;
    private int _verified;

    public IPasswordHasher<OdrUser>? Inner { get; set; }

    public int Hashed => _hashed;

    public int Verified => _verified;

    public string HashPassword(OdrUser user, string password)
    {
        Interlocked.Increment(ref _hashed);
        return Inner!.HashPassword(user, password);
    }

    public PasswordVerificationResult VerifyHashedPassword(OdrUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verified);
        return Inner!.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>Nothing an answer says, nor the work behind it, tells whether an address has an account. No clock is read: the work is counted.</summary>
public class AccountEnumerationTests(CountingHasherWebFactory factory) : IClassFixture<CountingHasherWebFactory>
{
    private const string Password = "Str0ng-pass!";

    [Fact]
    public async Task RegisteringATakenAddress_AnswersAsANewOne_AfterTheSameHashing_AndMailsTheOwner()
    {
        var mail = Path.Combine(factory.DataDirectory, "mail");
        var (newAnswer, newHashes) = await RegisterAsync("fresh.address@example.com");
        var before = Directory.GetFiles(mail, "*.eml");
        var (takenAnswer, takenHashes) = await RegisterAsync("seller@demo.odr");

        Assert.Equal(newAnswer, takenAnswer);
        Assert.Equal(1, newHashes);
        Assert.Equal(newHashes, takenHashes);
        var toOwner = MimeMessage.Load(Assert.Single(Directory.GetFiles(mail, "*.eml").Except(before)));
        Assert.True(toOwner.IsTo("seller@demo.odr"));
        Assert.Contains("already has an account", toOwner.TextBody, StringComparison.Ordinal);
        // The taken address's password is the owner's still.
        Assert.NotNull(await factory.TokenForAsync("seller@demo.odr"));
    }

    [Fact]
    public async Task SigningInAsAnUnknownAddress_AnswersAsAWrongPassword_AfterTheSameHashing()
    {
        await factory.TokenForAsync("buyer@demo.odr"); // the first check of an unknown address also makes the decoy hash once
        await SignInAsync("warm.up@example.com");

        var (wrongAnswer, wrongChecks) = await SignInAsync("buyer@demo.odr");
        var (unknownAnswer, unknownChecks) = await SignInAsync("no.such.account@example.com");

        Assert.StartsWith("401 ", wrongAnswer, StringComparison.Ordinal);
        Assert.Equal(wrongAnswer, unknownAnswer);
        Assert.Equal(1, wrongChecks);
        Assert.Equal(wrongChecks, unknownChecks);
    }

    private async Task<(string Answer, int Hashes)> RegisterAsync(string email)
    {
        var hashed = factory.Hasher.Hashed;
        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/register", new { email, password = Password });
        var body = await response.Content.ReadAsStringAsync();
        return ($"{(int)response.StatusCode} {response.Content.Headers.ContentType} {body}", factory.Hasher.Hashed - hashed);
    }

    private async Task<(string Answer, int Checks)> SignInAsync(string email)
    {
        var verified = factory.Hasher.Verified;
        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = "Wrong-pass-1" });
        return (await AccountTests.AnswerAsync(response), factory.Hasher.Verified - verified);
    }
}
