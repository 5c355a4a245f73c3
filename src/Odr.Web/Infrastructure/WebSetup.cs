using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Localization;
using Odr.Web.Infrastructure.Forms;
using Odr.Web.Infrastructure.Json;
using Odr.Web.Infrastructure.Localization;
using Odr.Web.Infrastructure.Problems;

namespace Odr.Web.Infrastructure;

/// <summary>The host's two faces: the JSON API's conventions and the pages' languages and form binding.</summary>
public static class WebSetup
{
    public static IServiceCollection AddOdrApi(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(options => OdrJson.Configure(options.SerializerOptions));
        // Malformed bodies reach the exception handler, which names the bad field, instead of an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddOpenApi();
        return services;
    }

    public static IServiceCollection AddOdrPages(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddSingleton<Microsoft.Extensions.Localization.IStringLocalizerFactory, TextLocalizerFactory>();
        // Pages carry Chinese as characters, not as &#x...; entities (still HTML-encoded where markup could be injected).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddHttpContextAccessor();
        services.AddScoped<ViewerClock>();
        services.AddScoped<LanguageChoice>();
        services.AddOptions<RequestLocalizationOptions>().Configure<IConfiguration, IHostEnvironment>((options, configuration, environment) =>
        {
            // The pseudo-locale only where it is asked for: in Development, or by the tests (Odr:Localization:PseudoLocale).
            var cultures = environment.IsDevelopment() || configuration.GetValue<bool>("Odr:Localization:PseudoLocale")
                ? [.. Languages.Supported, System.Globalization.CultureInfo.GetCultureInfo(Languages.Pseudo)]
                : Languages.Supported;
            options.DefaultRequestCulture = new RequestCulture(System.Globalization.CultureInfo.GetCultureInfo(Languages.English)); // the supported one
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true; // zh-CN, zh-SG → zh-Hans
            options.FallBackToParentUICultures = true;
            // The switcher's cookie first, then the browser's languages (the query string's ?culture= is kept for links).
            options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider()];
        });
        services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/Cases");
        }).AddMvcOptions(options =>
        {
            // Page forms' text under the same rule as JSON bodies' (PlainText): one line unless marked, 400 naming the field.
            options.ModelBinderProviders.Insert(0, new PlainTextModelBinderProvider());
            // Amounts typed with a decimal comma or point alike (120,00 is 120, not 12000), whatever the page's language.
            options.ModelBinderProviders.Insert(0, new AmountModelBinderProvider());
            options.Filters.Add<RefusedTextFilter>();
        });
        return services;
    }
}
