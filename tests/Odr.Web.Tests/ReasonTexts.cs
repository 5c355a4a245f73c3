using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Odr.Domain.GoverningLaw;
using Odr.Web.Infrastructure.Localization;

namespace Odr.Web.Tests;

/// <summary>The service's language layer outside a request: reasons rendered as a page, an e-mail or a PDF renders them.</summary>
public static class ReasonTexts
{
    public static readonly IStringLocalizer<Text> T = new StringLocalizer<Text>(
        new TextLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));

    /// <summary>Each reason's sentence in <paramref name="culture"/>.</summary>
    public static IReadOnlyList<string> In(string culture, IEnumerable<Reason> reasons)
    {
        using (Languages.Use(culture))
        {
            return [.. reasons.Select(T.Reason)];
        }
    }
}
