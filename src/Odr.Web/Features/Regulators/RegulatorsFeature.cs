using Microsoft.AspNetCore.Identity;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Regulators;

public static class RegulatorsFeature
{
    /// <summary>The regulators' pseudonymised view and statistics, and the stage times kept for them on every save.</summary>
    public static IServiceCollection AddRegulators(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(new Pseudonyms(Path.Combine(dataDirectory, "keys")));
        services.AddScoped<RegulatorCaseView>();
        services.AddScoped<Statistics>();
        services.AddSingleton<StatisticsCache>();
        services.AddDomainEventSubscriber<StageTimesSubscriber>();
        services.AddAuthorizationBuilder()
            .AddPolicy(RegulatorEndpoints.RegulatorPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
                .RequireAuthenticatedUser()
                .RequireRole(Roles.Regulator));
        return services;
    }
}
