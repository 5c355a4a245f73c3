using Odr.Web.Infrastructure.DomainEvents;

namespace Odr.Web.Features.Appeals;

public static class AppealsFeature
{
    /// <summary>
    /// The appeal's reactions to case events (its signed decision). Its period and the decision deadline are deadlines
    /// (<c>Odr:Deadlines:Appeal</c>, <c>AppealDecision</c>), its timing is the dispute workflow's version 2: both in
    /// Features/Disputes. After <c>AddDisputes</c>, whose subscriber starts the workflow this one's outbox belongs to.
    /// </summary>
    public static IServiceCollection AddAppeals(this IServiceCollection services) =>
        services.AddDomainEventSubscriber<AppealDocumentSubscriber>();
}
