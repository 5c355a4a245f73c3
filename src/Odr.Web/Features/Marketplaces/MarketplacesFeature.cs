using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Operations;
using Odr.Workflows;
using Odr.Web.Infrastructure.Startup;

namespace Odr.Web.Features.Marketplaces;

public static class MarketplacesFeature
{
    public const string AdminPolicy = "api-admin-marketplaces";

    /// <summary>
    /// Marketplaces as OAuth 2.0 clients (OpenIddict: client credentials at <c>/connect/token</c>, access tokens in the data
    /// protection format, so every node that shares the key ring issues and reads them; docs/adr/010), their filings
    /// and their signed webhooks.
    /// </summary>
    public static IServiceCollection AddMarketplaces(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<OdrDbContext>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris(MarketplaceTokenEndpoint.Path);
                server.AllowClientCredentialsFlow();
                server.RegisterScopes([.. MarketplaceScopes.All]);
                server.SetAccessTokenLifetime(TimeSpan.FromHours(1));
                // A row per token issued would grow without end (nothing prunes it here), and is never read: the tokens are
                // validated by their data-protection envelope alone, and expire within the hour.
                server.DisableTokenStorage();
                // Access tokens are data-protection payloads: the key ring in the shared data folder signs and encrypts them
                // for every node. OpenIddict still insists on a signing and an encryption credential for its JWT formats,
                // which this server never issues (no identity tokens, no JWT access tokens), so keys made at start do.
                server.UseDataProtection();
                server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough();
                if (environment.IsDevelopment())
                {
                    aspNetCore.DisableTransportSecurityRequirement(); // http://localhost in development and the in-memory tests
                }
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseDataProtection();
                validation.UseAspNetCore();
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.BearerScheme)
                .RequireAuthenticatedUser()
                .RequireRole(Roles.Admin));
        foreach (var scope in MarketplaceScopes.All)
        {
            services.AddAuthorizationBuilder().AddPolicy(PolicyFor(scope), policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.HasScope(scope)));
        }

        services.AddSingleton<WebhookSecrets>();
        services.AddScoped<MarketplaceRegistry>();
        services.AddScoped<MarketplaceFilingHandler>();
        services.AddWorkflowCommandHandler<InviteMarketplaceBuyer, InviteMarketplaceBuyerHandler>();
        services.AddDomainEventSubscriber<BuyerInvitationSubscriber>();

        // Webhooks: written with the change (WebhookSubscriber, after AddDisputes), sent after the commit (WebhookDispatcher).
        services.AddSetting<WebhookOptions>(configuration, "Odr:Webhooks", rules => rules
            .Require(o => o.PollInterval > TimeSpan.Zero, nameof(WebhookOptions.PollInterval), "must be a positive period such as 00:00:01", o => o.PollInterval)
            .Require(o => o.ReceiverTimeout > TimeSpan.Zero, nameof(WebhookOptions.ReceiverTimeout), "must be a positive period such as 00:00:10", o => o.ReceiverTimeout)
            .Require(o => o.RetryFor > TimeSpan.Zero, nameof(WebhookOptions.RetryFor), "must be a positive period such as 1.00:00:00", o => o.RetryFor)
            .Require(o => o.FirstRetryDelay > TimeSpan.Zero, nameof(WebhookOptions.FirstRetryDelay), "must be a positive period", o => o.FirstRetryDelay)
            .Require(o => o.MaxRetryDelay >= o.FirstRetryDelay, nameof(WebhookOptions.MaxRetryDelay), "must be at least FirstRetryDelay", o => o.MaxRetryDelay)
            .Require(o => o.Concurrency > 0, nameof(WebhookOptions.Concurrency), "must be at least 1", o => o.Concurrency)
            .Require(o => o.LeaseDuration > o.ReceiverTimeout, nameof(WebhookOptions.LeaseDuration), "must be longer than ReceiverTimeout", o => o.LeaseDuration));
        services.AddSingleton<WebhookWakeup>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDispatcher>());
        services.AddHttpClient(WebhookOptions.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // the dispatcher's own limit
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.AddDomainEventSubscriber<WebhookSubscriber>();
        services.AddSingleton<WebhookSandbox>();
        services.AddScoped<DemoMarketplace>();
        // Development only: its credentials are fixed and published.
        services.AddStartupTask("marketplaces.demo", StartupOrder.DemoData + 20, (scope, ct) =>
            StartupTasks.SeedsDemo(scope) && scope.GetRequiredService<IHostEnvironment>().IsDevelopment()
                ? scope.GetRequiredService<DemoMarketplace>().SeedAsync(ct) : Task.CompletedTask);
        return services;
    }

    /// <summary>The policy of the marketplace endpoints that need <paramref name="scope"/>: a marketplace's token carrying it, nothing else.</summary>
    public static string PolicyFor(string scope) => $"marketplace:{scope}";

    public static IEndpointRouteBuilder MapMarketplaces(this IEndpointRouteBuilder app)
    {
        app.MapMarketplaceToken();
        app.MapMarketplaceAdmin();
        app.MapMarketplaceApi();
        app.MapWebhookDeliveries();
        app.MapWebhookSandbox();
        return app;
    }
}
