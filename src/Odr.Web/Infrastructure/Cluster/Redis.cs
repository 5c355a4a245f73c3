using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Odr.Web.Infrastructure.Cluster;

/// <summary>
/// Several nodes: with <c>Odr:Redis</c> set (a StackExchange.Redis connection string, e.g. <c>127.0.0.1:6379</c>),
/// SignalR's own Redis backplane carries every hub send to the clients of all nodes, and the service's own cross-node
/// state (the shared chat rate limit, account-change notices) lives in the same Redis. Without it one node runs with
/// SignalR's in-process manager (docs/adr/007).
/// </summary>
public static class Redis
{
    public const string Setting = "Odr:Redis";

    /// <summary>Prefixes every key and channel the service uses, so it can share a Redis with other applications.</summary>
    public const string Prefix = "odr";

    public static string? ConnectionStringOf(IConfiguration configuration) =>
        configuration[Setting] is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    public static ISignalRServerBuilder AddRedis(this ISignalRServerBuilder signalR, string connectionString)
    {
        // A node may start while Redis is briefly away: the connection is retried in the background (the readiness check
        // reports it meanwhile) instead of failing the start.
        signalR.AddStackExchangeRedis(connectionString, options =>
        {
            options.Configuration.ChannelPrefix = RedisChannel.Literal(Prefix);
            options.Configuration.AbortOnConnectFail = false;
        });
        // The backplane keeps a connection of its own (its manager disposes it); this one serves the service's own keys
        // and channels, and the readiness check.
        signalR.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(OptionsOf(connectionString)));
        signalR.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        return signalR;
    }

    /// <summary>
    /// The service's own connection's options. Whatever uses it has an answer for a Redis that is away (the node's own
    /// rate limit, the periodic account check, "not ready"), so commands fail at once instead of waiting in a backlog,
    /// and the connection is retried in the background instead of failing the start.
    /// </summary>
    public static ConfigurationOptions OptionsOf(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }
}

/// <summary>Ready only while Redis answers: without it chat does not cross nodes.</summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var roundTrip = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"Redis answered in {roundTrip.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis (Odr:Redis), which carries chat between nodes, does not answer.", e);
        }
    }
}
