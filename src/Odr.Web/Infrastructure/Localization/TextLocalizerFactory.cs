using System.Globalization;
using System.Reflection;
using System.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Odr.Web.Infrastructure.Localization;

/// <summary>
/// The framework's resource localizers, looking names up regardless of case. Keys are the English text, and English
/// needs both "Buyer" (a heading) and "buyer" (inside a sentence); the resource compiler keeps only one of two names
/// that differ in case, and Chinese has no case, so one entry serves both. In the pseudo-locale every text is marked.
/// </summary>
public sealed class TextLocalizerFactory : ResourceManagerStringLocalizerFactory, IStringLocalizerFactory
{
    private readonly ResourceNamesCache _names = new();
    private readonly ILoggerFactory _loggers;

    public TextLocalizerFactory(IOptions<LocalizationOptions> options, ILoggerFactory loggers) : base(options, loggers) => _loggers = loggers;

    public new IStringLocalizer Create(Type resourceSource) => new PseudoLocalizer(base.Create(resourceSource));

    public new IStringLocalizer Create(string baseName, string location) => new PseudoLocalizer(base.Create(baseName, location));

    protected override ResourceManagerStringLocalizer CreateResourceManagerStringLocalizer(Assembly assembly, string baseName) =>
        new(new ResourceManager(baseName, assembly) { IgnoreCase = true }, assembly, baseName, _names,
            _loggers.CreateLogger<ResourceManagerStringLocalizer>());
}

/// <summary>
/// In the pseudo-locale (<see cref="Languages.Pseudo"/>) each text comes back between ⟦ and ⟧, its words in English;
/// in any other culture the inner localizer answers unchanged. A page rendered in the pseudo-locale shows at a glance
/// (and to <c>PseudoLocaleTests</c>) any text that did not come through the language layer.
/// </summary>
public sealed class PseudoLocalizer(IStringLocalizer inner) : IStringLocalizer
{
    public const char Open = '⟦';
    public const char Close = '⟧';

    public LocalizedString this[string name] => Mark(inner[name]);

    public LocalizedString this[string name, params object[] arguments] => Mark(inner[name, arguments]);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures).Select(Mark);

    private static LocalizedString Mark(LocalizedString text) => Languages.IsPseudo(CultureInfo.CurrentUICulture)
        ? new LocalizedString(text.Name, $"{Open}{text.Value}{Close}", text.ResourceNotFound, text.SearchedLocation)
        : text;
}
