using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<IStringLocalizer, TextCache> _caches = new(ReferenceEqualityComparer.Instance);

    public TextLocalizerFactory(IOptions<LocalizationOptions> options, ILoggerFactory loggers) : base(options, loggers) => _loggers = loggers;

    public new IStringLocalizer Create(Type resourceSource) => new PseudoLocalizer(Cached(base.Create(resourceSource)));

    public new IStringLocalizer Create(string baseName, string location) => new PseudoLocalizer(Cached(base.Create(baseName, location)));

    /// <summary>The base factory keeps one localizer per resource file; each gets one cache, whoever asks for it.</summary>
    private TextCache Cached(IStringLocalizer resources) => _caches.GetOrAdd(resources, r => new TextCache(r));

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

/// <summary>
/// Remembers each text looked up, per language: the resource manager takes a process-wide lock on every lookup, and a
/// case page makes hundreds (bench/analysis.md, pages). English texts are their own keys, so in English most lookups
/// find no entry and answer with the name: those are kept too. A name can carry what someone typed (the framework's
/// message for a value it could not read quotes it), so the cache holds at most <see cref="MostCharacters"/> of names and
/// texts, and starts again empty when that is reached: a flood of such names costs a refill, never unbounded memory.
/// </summary>
public sealed class TextCache(IStringLocalizer resources) : IStringLocalizer
{
    /// <summary>Several times the resource files' names and texts in every language (about 2 MB).</summary>
    public const int MostCharacters = 1_000_000;

    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _known = new();
    private long _characters;

    public LocalizedString this[string name]
    {
        get
        {
            var key = (CultureInfo.CurrentUICulture.Name, name);
            if (_known.TryGetValue(key, out var text))
            {
                return text;
            }
            text = resources[name];
            var size = name.Length + text.Value.Length;
            if (Interlocked.Add(ref _characters, size) > MostCharacters)
            {
                _known.Clear();
                Interlocked.Exchange(ref _characters, size);
            }
            _known.TryAdd(key, text);
            return text;
        }
    }

    /// <summary>As the framework's localizer formats: the text found (or the name), filled in the current culture.</summary>
    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound, format.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => resources.GetAllStrings(includeParentCultures);
}
