using Microsoft.AspNetCore.Identity;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Startup;

namespace Odr.Web.Features.Regulators;

public static class RegulatorsFeature
{
    /// <summary>The regulators' pseudonymised view and statistics, the stage times and the read model kept for them on every save, and their backfills at start.</summary>
    public static IServiceCollection AddRegulators(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(new Pseudonyms(Path.Combine(dataDirectory, "keys")));
        services.AddScoped<RegulatorCaseView>();
        services.AddScoped<Statistics>();
        services.AddDomainEventSubscriber<StageTimesSubscriber>();
        // After the stage times: it counts the columns they fill in.
        services.AddDomainEventSubscriber<StatisticsReadModelSubscriber>();
        services.AddStartupTask("stageTimes.backfill", StartupOrder.Backfills, (scope, ct) => StageTimes.BackfillAsync(scope.GetRequiredService<OdrDbContext>(), ct));
        services.AddStartupTask<StatisticsBackfill>();
        services.AddAuthorizationBuilder()
            .AddPolicy(RegulatorEndpoints.RegulatorPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
                .RequireAuthenticatedUser()
                .RequireRole(Roles.Regulator));
        return services;
    }
}
