using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure.Cluster;
using StackExchange.Redis;

namespace Odr.Web.Features.Chat;

/// <summary>
/// A per-person limit on chat messages (<see cref="ChatOptions.MessagesPerTenSeconds"/>), shared by the hub and the form:
/// a sliding window of ten seconds in five two-second segments.
/// </summary>
public interface IChatRateLimiter
{
    /// <summary>The window the limit counts messages in ("per ten seconds").</summary>
    static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    /// <summary>The window moves on in steps of a fifth: a message is counted from its step until five steps later.</summary>
    const int Segments = 5;

    /// <summary>Takes one message from the person's allowance; false when it is used up.</summary>
    ValueTask<bool> TryAcquireAsync(UserId user, CancellationToken ct);
}

/// <summary>One node's limit, kept in its memory (the service without <c>Odr:Redis</c>).</summary>
public sealed class InMemoryChatRateLimiter(IOptions<ChatOptions> options) : IChatRateLimiter, IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _limiter = PartitionedRateLimiter.Create<Guid, Guid>(user =>
        RateLimitPartition.GetSlidingWindowLimiter(user, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.Value.MessagesPerTenSeconds,
            Window = IChatRateLimiter.Window,
            SegmentsPerWindow = IChatRateLimiter.Segments,
            QueueLimit = 0,
        }));

    public ValueTask<bool> TryAcquireAsync(UserId user, CancellationToken ct)
    {
        using var lease = _limiter.AttemptAcquire(user.Value);
        return ValueTask.FromResult(lease.IsAcquired);
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// One limit across all nodes, kept in Redis: the same sliding window as <see cref="InMemoryChatRateLimiter"/>, as a
/// counter per person and two-second segment. A Lua script sums the window's segments and, when there is room, counts
/// the message in the current one, atomically, so two nodes taking the last message at once cannot both have it.
/// Segments are numbered from the service's <see cref="TimeProvider"/> (nodes keep their clocks in step, as leases
/// already require), which lets tests move time instead of waiting for it. If Redis does not answer, the node falls back
/// to its own in-memory limit rather than refusing every message or none.
/// </summary>
public sealed class RedisChatRateLimiter(IConnectionMultiplexer redis, TimeProvider time, IOptions<ChatOptions> options,
    InMemoryChatRateLimiter fallback, ILogger<RedisChatRateLimiter> logger) : IChatRateLimiter
{
    private static readonly long SegmentMilliseconds = (long)IChatRateLimiter.Window.TotalMilliseconds / IChatRateLimiter.Segments;

    // KEYS[1] is the current segment's counter, KEYS[2..] the earlier segments still inside the window; ARGV[1] is the
    // limit, ARGV[2] how long (ms) the current segment must be kept: until it has left the window.
    private const string TakeScript = """
        local used = 0
        for i = 1, #KEYS do
          used = used + tonumber(redis.call('GET', KEYS[i]) or '0')
        end
        if used >= tonumber(ARGV[1]) then
          return 0
        end
        redis.call('INCR', KEYS[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """;

    public async ValueTask<bool> TryAcquireAsync(UserId user, CancellationToken ct)
    {
        var segment = time.GetUtcNow().ToUnixTimeMilliseconds() / SegmentMilliseconds;
        // One hash tag per person: a Redis cluster keeps all of a person's segments on one shard, as a script needs.
        var keys = Enumerable.Range(0, IChatRateLimiter.Segments).Select(i => (RedisKey)$"{Redis.Prefix}:chat-rate:{{{user.Value}}}:{segment - i}").ToArray();
        try
        {
            var taken = await redis.GetDatabase().ScriptEvaluateAsync(TakeScript, keys,
                [options.Value.MessagesPerTenSeconds, (long)IChatRateLimiter.Window.TotalMilliseconds + SegmentMilliseconds]);
            return (long)taken == 1;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Redis did not answer for the chat rate limit; this node limits on its own meanwhile");
            return await fallback.TryAcquireAsync(user, ct);
        }
    }
}
