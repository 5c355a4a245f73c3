namespace Odr.Web.Infrastructure.DomainEvents;

public static class DomainEventSeam
{
    /// <summary>
    /// Registers a reaction to the domain events every save raises (scoped: it shares the request's context). The
    /// order of registration is the order in which subscribers run.
    /// </summary>
    public static IServiceCollection AddDomainEventSubscriber<TSubscriber>(this IServiceCollection services)
        where TSubscriber : class, IDomainEventSubscriber
    {
        services.AddScoped<IDomainEventSubscriber, TSubscriber>();
        return services;
    }
}
