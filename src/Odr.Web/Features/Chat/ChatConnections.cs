using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Cluster;
using Odr.Web.Infrastructure.Identity;
using StackExchange.Redis;

namespace Odr.Web.Features.Chat;

/// <summary>
/// This node's open chat connections, each with the account and security stamp it signed in with. A connection outlives
/// the sign-in it started with; when the account's stamp changes (it signed out, changed its password or e-mail
/// address), the node holding the connection closes it. Each node is told of a change at its commit and also compares
/// all its connections with the database every <see cref="ChatOptions.AccountCheckInterval"/>, which catches a notice a
/// node missed and changes made behind the service's back.
/// <para>
/// With several nodes (<c>Odr:Redis</c>) the notice is a Redis pub/sub message on one channel, naming the accounts; every
/// node, the sender's included, subscribes and checks its own connections of those accounts against the database. That
/// is the simplest correct design on the standard parts: SignalR's backplane carries messages to clients, not to the
/// servers, and the server side of a connection can only be aborted by the node holding it. The notice carries no
/// stamps, only which accounts to look at, so a stale or repeated notice does no harm; Redis pub/sub delivers at most
/// once, and what a node misses (while its Redis connection is down) the periodic check catches.
/// </para>
/// </summary>
public sealed class ChatConnections : BackgroundService, IAccountChangeListener
{
    /// <summary>The Redis channel of the notices.</summary>
    private static readonly RedisChannel NoticeChannel = RedisChannel.Literal($"{Redis.Prefix}:account-stamps");

    private readonly ConcurrentDictionary<string, Connection> _live = new(StringComparer.Ordinal);
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ChatOptions _options;
    private readonly string _stampClaim;
    private readonly ILogger<ChatConnections> _logger;
    private readonly IConnectionMultiplexer? _redis;
    private ChannelMessageQueue? _notices;

    public ChatConnections(IServiceScopeFactory scopes, TimeProvider time, IOptions<ChatOptions> options, IOptions<IdentityOptions> identity,
        ILogger<ChatConnections> logger, IServiceProvider services)
    {
        _scopes = scopes;
        _time = time;
        _options = options.Value;
        _stampClaim = identity.Value.ClaimsIdentity.SecurityStampClaimType;
        _logger = logger;
        _redis = services.GetService<IConnectionMultiplexer>();
    }

    private sealed record Connection(HubCallerContext Context, Guid UserId, string? Stamp);

    /// <summary>The stamp the connection's principal was issued with (cookie and bearer token both carry it).</summary>
    public string? StampOf(ClaimsPrincipal principal) => principal.FindFirstValue(_stampClaim);

    public void Add(HubCallerContext context)
    {
        if (Guid.TryParse(context.UserIdentifier, out var userId))
        {
            _live[context.ConnectionId] = new Connection(context, userId, StampOf(context.User!));
        }
    }

    public void Remove(string connectionId) => _live.TryRemove(connectionId, out _);

    public async Task AccountsChangedAsync(IReadOnlyCollection<Guid> userIds, CancellationToken ct)
    {
        if (_redis is not null)
        {
            try
            {
                await _redis.GetSubscriber().PublishAsync(NoticeChannel, string.Join(',', userIds));
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                _logger.LogWarning(e, "Could not tell the other nodes of changed accounts through Redis; they close those connections at their next check");
            }
        }
        await CheckAsync(userIds.ToHashSet(), ct);
    }

    /// <summary>
    /// Acts on every node's notices (this node's own included). Subscribed before the node takes requests; if Redis is away
    /// then, tried again at each periodic check. Once subscribed, StackExchange.Redis subscribes again by itself after a
    /// lost connection comes back.
    /// </summary>
    private async Task TrySubscribeAsync()
    {
        if (_redis is null || _notices is not null)
        {
            return;
        }
        try
        {
            _notices = await _redis.GetSubscriber().SubscribeAsync(NoticeChannel);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _logger.LogWarning(e, "Could not subscribe to notices of changed accounts through Redis; trying again at the next check");
            return;
        }
        _notices.OnMessage(async notice =>
        {
            try
            {
                var ids = notice.Message.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToHashSet();
                await CheckAsync(ids, CancellationToken.None);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Could not act on a notice of changed accounts; the next check will");
            }
        });
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await TrySubscribeAsync();
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_notices is not null)
        {
            await _notices.UnsubscribeAsync();
        }
    }

    /// <summary>Closes this node's connections (of <paramref name="userIds"/>, or all) whose account's stamp is no longer theirs.</summary>
    public async Task CheckAsync(IReadOnlySet<Guid>? userIds, CancellationToken ct)
    {
        var live = _live.Values.Where(c => userIds?.Contains(c.UserId) != false).ToList();
        if (live.Count == 0)
        {
            return;
        }
        var ids = live.Select(c => c.UserId).Distinct().ToList();
        await using var scope = _scopes.CreateAsyncScope();
        var stamps = await scope.ServiceProvider.GetRequiredService<OdrDbContext>().Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.SecurityStamp, ct);
        foreach (var connection in live.Where(c => !stamps.TryGetValue(c.UserId, out var stamp) || stamp != c.Stamp))
        {
            _logger.LogInformation("Closing chat connection {ConnectionId} of account {UserId}: the account's security stamp changed",
                connection.Context.ConnectionId, connection.UserId);
            Remove(connection.Context.ConnectionId);
            connection.Context.Abort();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.AccountCheckInterval, _time, stoppingToken);
                await TrySubscribeAsync();
                await CheckAsync(null, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Could not compare the open chat connections with their accounts; trying again in {Interval}",
                    _options.AccountCheckInterval);
            }
        }
    }
}
