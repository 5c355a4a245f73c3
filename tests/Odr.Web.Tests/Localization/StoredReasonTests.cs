using System.Text.Json;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.GoverningLaw;
using Odr.Web.Infrastructure.Json;

namespace Odr.Web.Tests.Localization;

/// <summary>Reasons as a stored suggestion keeps them: code and labelled arguments now, finished sentences before.</summary>
public class StoredReasonTests
{
    [Fact]
    public void AReasonWithLabels_ReadsBackAsTheSameLabels_AndRendersInEachLanguage()
    {
        var reason = new Reason("cisgArticle96Writing") { Args = [(IReadOnlyList<CountryCode>)[CountryCode.Parse("AR"), CountryCode.Parse("CL")]] };
        var chosen = new Reason("chosenLawWithConsumerFloor") { Args = [LawCode.Parse("CN"), LawCode.Parse("ES"), "Rome I Art. 6(2)"] };
        var json = JsonSerializer.Serialize(new[] { reason, chosen }, OdrJson.Options);
        Assert.Contains("""{"law":"CN"}""", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize<Reason[]>(json, OdrJson.Options)!;

        Assert.StartsWith("Argentina, Chile made an Art. 96 declaration", ReasonTexts.In("en", [back[0]])[0], StringComparison.Ordinal);
        Assert.StartsWith("阿根廷、智利", ReasonTexts.In("zh-Hans", [back[0]])[0], StringComparison.Ordinal);
        Assert.Equal("Rige la ley elegida (la ley de China), pero no puede privar al consumidor de la protección de su propia ley (la ley de España) (Rome I Art. 6(2)).",
            ReasonTexts.In("es", [back[1]])[0]);
    }

    [Fact]
    public void AReasonStoredAsSentences_StillReads_AsItWasWritten()
    {
        var stored = JsonSerializer.Deserialize<Reason>("""{"en":"The CISG covers sales of goods, not services.","zh":"CISG只适用于货物买卖。"}""", OdrJson.Options)!;
        Assert.Equal(Reason.StoredCode, stored.Code);
        Assert.Equal("The CISG covers sales of goods, not services.", ReasonTexts.In("en", [stored])[0]);
        Assert.Equal("CISG只适用于货物买卖。", ReasonTexts.In("zh-Hans", [stored])[0]);
        Assert.Equal("The CISG covers sales of goods, not services.", ReasonTexts.In("es", [stored])[0]);
    }
}
