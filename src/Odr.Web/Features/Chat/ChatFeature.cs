using Microsoft.AspNetCore.Identity;
using Odr.Web.Infrastructure.Cluster;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Operations;
using Odr.Workflows;

namespace Odr.Web.Features.Chat;

public static class ChatFeature
{
    /// <summary>
    /// The case chat and the live updates of open case pages. The SignalR registration itself (and its backplane) is
    /// the host's, in Program.cs.
    /// </summary>
    public static IServiceCollection AddChat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSetting<ChatOptions>(configuration, "Odr:Chat", rules => rules
            .Require(o => o.MessagesPerTenSeconds >= 1, nameof(ChatOptions.MessagesPerTenSeconds), "must be at least 1", o => o.MessagesPerTenSeconds)
            .Require(o => o.DigestDelay > TimeSpan.Zero, nameof(ChatOptions.DigestDelay), "must be a positive period", o => o.DigestDelay));
        // One limit across nodes when they share Redis; a node's own limit otherwise (and while Redis does not answer).
        services.AddSingleton<InMemoryChatRateLimiter>();
        if (Redis.ConnectionStringOf(configuration) is not null)
        {
            services.AddSingleton<IChatRateLimiter, RedisChatRateLimiter>();
        }
        else
        {
            services.AddSingleton<IChatRateLimiter>(sp => sp.GetRequiredService<InMemoryChatRateLimiter>());
        }
        services.AddSingleton<ChatConnections>();
        services.AddSingleton<IAccountChangeListener>(sp => sp.GetRequiredService<ChatConnections>());
        services.AddHostedService(sp => sp.GetRequiredService<ChatConnections>());
        services.AddScoped<ChatService>();
        services.AddWorkflowCommandHandler<PushCaseUpdate, PushCaseUpdateHandler>();
        services.AddWorkflowCommandHandler<PushDocumentIssued, PushDocumentIssuedHandler>();
        services.AddWorkflowCommandHandler<SendChatDigest, SendChatDigestHandler>();
        services.AddDomainEventSubscriber<CaseUpdateSubscriber>();
        services.AddAuthorizationBuilder()
            .AddPolicy(DisputeChatHub.HubPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, IdentityConstants.BearerScheme)
                .RequireAuthenticatedUser());
        return services;
    }
}
