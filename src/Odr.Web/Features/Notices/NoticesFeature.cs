using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.Startup;
using Odr.Workflows;

namespace Odr.Web.Features.Notices;

public static class NoticesFeature
{
    /// <summary>The e-mail notices of a case's events, queued in its outbox and sent by the workflow runtime; the notification centre and the read model it counts from.</summary>
    public static IServiceCollection AddNotices(this IServiceCollection services)
    {
        services.AddSingleton<NoticeComposer>();
        services.AddScoped<NotificationCentre>();
        services.AddScoped<NoticeDelivery>();
        services.AddWorkflowCommandHandler<SendNotices, SendNoticesHandler>();
        services.AddWorkflowDeadLetterHandler<SendNotices, SendNoticesDeadLetterHandler>();
        services.AddWorkflowCommandHandler<SendNotice, SendNoticeHandler>();
        services.AddWorkflowDeadLetterHandler<SendNotice, SendNoticeDeadLetterHandler>();
        services.AddDomainEventSubscriber<NoticeSubscriber>();
        // The header's "awaiting you" count and the notification centre read this, kept with every save of a case.
        services.AddDomainEventSubscriber<AwaitingTasksSubscriber>();
        services.AddStartupTask<AwaitingTasksBackfill>();
        return services;
    }
}
