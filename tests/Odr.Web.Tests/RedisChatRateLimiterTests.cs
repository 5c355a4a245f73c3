using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Odr.Domain.Parties;
using Odr.Web.Features.Chat;
using Odr.Web.Infrastructure.Cluster;
using StackExchange.Redis;

namespace Odr.Web.Tests;

/// <summary>
/// The chat limit kept in Redis, as two nodes see it: two limiters, each with a connection of its own, on the test
/// command's redis-server, on one fake clock (so the window moves when the test says, however fast the machine is).
/// </summary>
public sealed class RedisChatRateLimiterTests : IAsyncDisposable
{
    private const int Limit = 3;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly List<IConnectionMultiplexer> _connections = [];
    private readonly List<InMemoryChatRateLimiter> _fallbacks = [];

    private async Task<RedisChatRateLimiter> NodeAsync(string redis)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(Redis.OptionsOf(redis));
        _connections.Add(connection);
        var settings = Options.Create(new ChatOptions { MessagesPerTenSeconds = Limit });
        var fallback = new InMemoryChatRateLimiter(settings);
        _fallbacks.Add(fallback);
        return new RedisChatRateLimiter(connection, _clock, settings, fallback, NullLogger<RedisChatRateLimiter>.Instance);
    }

    private static async Task<int> AcceptedAsync(RedisChatRateLimiter limiter, UserId user, int attempts)
    {
        var accepted = 0;
        for (var i = 0; i < attempts; i++)
        {
            accepted += await limiter.TryAcquireAsync(user, CancellationToken.None) ? 1 : 0;
        }
        return accepted;
    }

    [RedisFact]
    public async Task TryAcquire_WhenOneNodeUsedTheLimit_RefusesOnTheOther_UntilTheWindowHasPassed()
    {
        var a = await NodeAsync(TestRedis.Server!);
        var b = await NodeAsync(TestRedis.Server!);
        var person = new UserId(Guid.NewGuid());

        Assert.Equal(Limit, await AcceptedAsync(a, person, Limit));
        Assert.False(await b.TryAcquireAsync(person, CancellationToken.None));
        Assert.False(await a.TryAcquireAsync(person, CancellationToken.None));
        Assert.True(await b.TryAcquireAsync(new UserId(Guid.NewGuid()), CancellationToken.None)); // each person has a limit of their own

        // A message counts for ten seconds (the window moves in two-second steps, as the in-memory limiter's does).
        _clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.False(await b.TryAcquireAsync(person, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(Limit, await AcceptedAsync(b, person, Limit + 1));
    }

    [RedisFact]
    public async Task TryAcquire_WhenMessagesAreSpreadOverTheWindow_FreesEachWhenItsStepLeaves()
    {
        var a = await NodeAsync(TestRedis.Server!);
        var b = await NodeAsync(TestRedis.Server!);
        var person = new UserId(Guid.NewGuid());

        Assert.True(await a.TryAcquireAsync(person, CancellationToken.None)); // at 0 s
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(Limit - 1, await AcceptedAsync(b, person, Limit)); // at 4 s: the limit is used
        _clock.Advance(TimeSpan.FromSeconds(6)); // at 10 s the first message has left the window, the others not
        Assert.Equal(1, await AcceptedAsync(a, person, 2));
    }

    [Fact]
    public async Task TryAcquire_WhenRedisDoesNotAnswer_KeepsThisNodesOwnLimit()
    {
        // Nothing listens on port 1 of the loopback address.
        var node = await NodeAsync("127.0.0.1:1,connectTimeout=200");
        Assert.Equal(Limit, await AcceptedAsync(node, new UserId(Guid.NewGuid()), Limit + 1));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
        foreach (var fallback in _fallbacks)
        {
            fallback.Dispose();
        }
    }
}
