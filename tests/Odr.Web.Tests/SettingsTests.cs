namespace Odr.Web.Tests;

/// <summary>A bad setting stops the start with a message naming it, rather than failing when a case first needs it.</summary>
public class SettingsTests
{
    [Theory]
    [InlineData("Odr:Deadlines:SellerResponse", "-00:00:05", "Odr:Deadlines:SellerResponse must be a positive period")]
    [InlineData("Odr:Deadlines:SellerResponse", "a week", "Odr:Deadlines:SellerResponse")]
    [InlineData("Odr:Mail:From", "nobody", "Odr:Mail:From must be an e-mail address")]
    [InlineData("Odr:Mail:Smtp:Port", "70000", "Odr:Mail:Smtp:Port must be a TCP port")]
    [InlineData("Odr:Mail:Smtp:Security", "Sometimes", "Odr:Mail:Smtp:Security")]
    [InlineData("Odr:Mail:Smtp:CertificateSha256", "AB:CD", "Odr:Mail:Smtp:CertificateSha256 must be a SHA-256 fingerprint")]
    [InlineData("Odr:BlindBid:MaxGapPercent", "150", "Odr:BlindBid:MaxGapPercent must be a percentage")]
    [InlineData("Odr:Workflows:Concurrency", "0", "Odr:Workflows:Concurrency must be at least 1")]
    [InlineData("Odr:Workflows:CommandSlots", "0", "Odr:Workflows:CommandSlots must be at least 1")]
    [InlineData("Odr:Workflows:CommandSlotsByType:SendNotice", "0", "Odr:Workflows:CommandSlotsByType must give every command type at least 1 slot")]
    [InlineData("Odr:Documents:ChineseFontFile", "/nowhere/font.ttf", "Odr:Documents:ChineseFontFile must name a TrueType font file that exists")]
    public void ABadSetting_StopsTheStart_NamingIt(string key, string value, string message)
    {
        using var factory = new FactoryWith(key, value);
        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains(message, Flatten(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GoodSettings_Start()
    {
        using var factory = new FactoryWith("Odr:Deadlines:SellerResponse", "00:00:05");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/healthz/ready")).StatusCode);
    }

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join("\n", aggregate.InnerExceptions.Select(Flatten))
            : exception.Message + (exception.InnerException is { } inner ? "\n" + Flatten(inner) : "");

    private sealed class FactoryWith(string key, string value) : OdrWebFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { [key] = value };
    }
}
