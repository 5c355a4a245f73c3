using Odr.Web.Infrastructure.Startup;

namespace Odr.Web.Features.Neutrals;

public static class NeutralsFeature
{
    /// <summary>The pool of mediators and arbitrators, and who is assigned to a case.</summary>
    public static IServiceCollection AddNeutrals(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NeutralPoolOptions>(configuration.GetSection("Odr:Neutrals"));
        services.AddScoped<NeutralPool>();
        services.AddScoped<NeutralRoster>();
        services.AddScoped<DemoNeutrals>();
        services.AddStartupTask("neutrals.demo", StartupOrder.DemoData + 10, (scope, _) =>
            StartupTasks.SeedsDemo(scope) ? scope.GetRequiredService<DemoNeutrals>().SeedAsync() : Task.CompletedTask);
        return services;
    }
}
