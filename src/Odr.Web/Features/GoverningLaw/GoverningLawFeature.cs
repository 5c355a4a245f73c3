using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Odr.Domain.GoverningLaw;
using Odr.Web.Infrastructure.Security;

namespace Odr.Web.Features.GoverningLaw;

public static class GoverningLawFeature
{
    /// <summary>The governing-law engine on its data file, and the anonymous check's rate limit.</summary>
    public static IServiceCollection AddGoverningLaw(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GoverningLawOptions>(configuration.GetSection("Odr:GoverningLaw"));
        services.AddSingleton(sp => new GoverningLawEngine(LegalDataFile.Load(
            Path.GetFullPath(sp.GetRequiredService<IOptions<GoverningLawOptions>>().Value.DataFile, AppContext.BaseDirectory))));
        services.Configure<RateLimiterOptions>(options => options.AddPolicy(GoverningLawEndpoints.AnonymousRateLimit, context =>
            RateLimiting.PerClientPerMinute(context, () => configuration.GetValue("Odr:RateLimits:AnonymousPerMinute", 120))));
        return services;
    }
}
