using System.Reflection;
using System.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Odr.Web.Infrastructure.Localization;

/// <summary>
/// The framework's resource localizers, looking names up regardless of case. Keys are the English text, and English
/// needs both "Buyer" (a heading) and "buyer" (inside a sentence); the resource compiler keeps only one of two names
/// that differ in case, and Chinese has no case, so one entry serves both.
/// </summary>
public sealed class TextLocalizerFactory : ResourceManagerStringLocalizerFactory
{
    private readonly ResourceNamesCache _names = new();
    private readonly ILoggerFactory _loggers;

    public TextLocalizerFactory(IOptions<LocalizationOptions> options, ILoggerFactory loggers) : base(options, loggers) => _loggers = loggers;

    protected override ResourceManagerStringLocalizer CreateResourceManagerStringLocalizer(Assembly assembly, string baseName) =>
        new(new ResourceManager(baseName, assembly) { IgnoreCase = true }, assembly, baseName, _names,
            _loggers.CreateLogger<ResourceManagerStringLocalizer>());
}
