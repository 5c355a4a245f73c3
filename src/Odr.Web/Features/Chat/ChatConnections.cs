using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Cluster;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Features.Chat;

/// <summary>
/// This node's open chat connections, each with the account and security stamp it signed in with. A connection outlives
/// the sign-in it started with; when the account's stamp changes (it signed out, changed its password or e-mail
/// address), the node holding the connection closes it. Each node is told of a change at its commit (through the
/// PostgreSQL backplane when there are several) and also compares all its connections with the database every
/// <see cref="ChatOptions.AccountCheckInterval"/>, which catches a notice a node missed and changes made behind the
/// service's back.
/// </summary>
public sealed class ChatConnections : BackgroundService, IAccountChangeListener
{
    /// <summary>The backplane's name for these notices (it carries them beside the hubs' messages).</summary>
    private const string BackplaneName = "odr:account-stamps";

    private readonly ConcurrentDictionary<string, Connection> _live = new(StringComparer.Ordinal);
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ChatOptions _options;
    private readonly string _stampClaim;
    private readonly ILogger<ChatConnections> _logger;
    private readonly PostgresBackplane? _backplane;

    public ChatConnections(IServiceScopeFactory scopes, TimeProvider time, IOptions<ChatOptions> options, IOptions<IdentityOptions> identity,
        ILogger<ChatConnections> logger, IServiceProvider services)
    {
        _scopes = scopes;
        _time = time;
        _options = options.Value;
        _stampClaim = identity.Value.ClaimsIdentity.SecurityStampClaimType;
        _logger = logger;
        _backplane = services.GetService<PostgresBackplane>();
        _backplane?.Subscribe(BackplaneName, message => CheckAsync(message.Names.Select(Guid.Parse).ToHashSet(), CancellationToken.None));
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
        if (_backplane is null)
        {
            await CheckAsync(userIds.ToHashSet(), ct);
            return;
        }
        await _backplane.PublishAsync(new BackplaneMessage(BackplaneName, BackplaneTarget.Users, userIds.Select(id => id.ToString()).ToList(), [],
            new Dictionary<string, byte[]>()), ct);
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
