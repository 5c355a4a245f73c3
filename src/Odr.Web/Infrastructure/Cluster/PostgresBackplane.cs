using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Odr.Web.Infrastructure.Cluster;

/// <summary>What one node asks every node (itself included) to do with its own SignalR connections.</summary>
public sealed record BackplaneMessage(
    string Hub,
    BackplaneTarget Target,
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Excluded,
    IReadOnlyDictionary<string, byte[]> Payloads);

public enum BackplaneTarget
{
    All,
    Connections,
    Groups,
    Users,
    /// <summary>Names: the connection and the group. Only the node holding the connection acts on it.</summary>
    AddToGroup,
    RemoveFromGroup,
}

/// <summary>
/// Carries SignalR sends between the service's nodes through PostgreSQL <c>LISTEN/NOTIFY</c> (no backplane package can
/// be installed here). Every node listens on one channel; a send is published there and each node, the sender's
/// included, delivers it to the connections it holds. A message larger than a notification may carry (8,000 bytes) goes
/// as numbered parts in one statement: PostgreSQL delivers a transaction's notifications together at its commit.
/// A node that loses its listening connection reconnects; what was published meanwhile does not reach its clients live,
/// and they catch up from the transcript as they do after any reconnect.
/// </summary>
public sealed class PostgresBackplane : BackgroundService, IHealthCheck
{
    private const string Channel = "odr_signalr";

    /// <summary>Leaves room below PostgreSQL's 8,000-byte limit for the part's header.</summary>
    private const int PartSize = 7_800;

    private static readonly TimeSpan IncompleteMessageLifetime = TimeSpan.FromMinutes(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresBackplane> _logger;
    private readonly ConcurrentDictionary<string, Func<BackplaneMessage, Task>> _receivers = new(StringComparer.Ordinal);
    private readonly Channel<BackplaneMessage> _received = System.Threading.Channels.Channel.CreateUnbounded<BackplaneMessage>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, (string?[] Parts, DateTime FirstSeen)> _incomplete = new(StringComparer.Ordinal);
    private volatile bool _listening;

    public PostgresBackplane(string connectionString, ILogger<PostgresBackplane> logger)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // A listening connection is idle for long stretches: keepalives find a dead one instead of waiting forever.
            KeepAlive = 15,
        };
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _logger = logger;
    }

    public void Subscribe(string hub, Func<BackplaneMessage, Task> receive) => _receivers[hub] = receive;

    public async Task PublishAsync(BackplaneMessage message, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(message); // the default encoder escapes non-ASCII, so characters are bytes
        var id = Guid.NewGuid().ToString("N");
        var count = (json.Length + PartSize - 1) / PartSize;
        var parts = new string[count];
        for (var i = 0; i < count; i++)
        {
            parts[i] = $"{id}/{i}/{count}/{json.Substring(i * PartSize, Math.Min(PartSize, json.Length - i * PartSize))}";
        }
        await using var command = _dataSource.CreateCommand("SELECT pg_notify(@channel, part) FROM unnest(@parts) AS part");
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("parts", parts);
        await command.ExecuteNonQueryAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delivery = DeliverAsync();
        var wait = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                _listening = true;
                wait = TimeSpan.FromMilliseconds(250);
                _logger.LogInformation("Listening for SignalR messages from the other nodes on PostgreSQL channel {Channel}", Channel);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _listening = false;
                _logger.LogWarning(e, "Lost the SignalR backplane's PostgreSQL connection; reconnecting in {Wait}", wait);
                try
                {
                    await Task.Delay(wait, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
        _listening = false;
        _received.Writer.TryComplete();
        await delivery;
    }

    /// <summary>Runs on Npgsql's reading thread: only reassembles and queues, never waits on a client.</summary>
    private void Receive(string payload)
    {
        var fields = payload.Split('/', 4);
        if (fields.Length != 4 || !int.TryParse(fields[1], out var index) || !int.TryParse(fields[2], out var count)
            || count < 1 || index < 0 || index >= count)
        {
            _logger.LogWarning("Ignored a malformed message on the SignalR backplane channel");
            return;
        }
        string json;
        if (count == 1)
        {
            json = fields[3];
        }
        else
        {
            lock (_incomplete)
            {
                var now = DateTime.UtcNow;
                foreach (var stale in _incomplete.Where(p => now - p.Value.FirstSeen > IncompleteMessageLifetime).Select(p => p.Key).ToList())
                {
                    _incomplete.Remove(stale);
                }
                if (!_incomplete.TryGetValue(fields[0], out var entry))
                {
                    entry = (new string?[count], now);
                    _incomplete[fields[0]] = entry;
                }
                entry.Parts[index] = fields[3];
                if (entry.Parts.Any(p => p is null))
                {
                    return;
                }
                _incomplete.Remove(fields[0]);
                json = string.Concat(entry.Parts);
            }
        }
        try
        {
            _received.Writer.TryWrite(JsonSerializer.Deserialize<BackplaneMessage>(json)!);
        }
        catch (JsonException e)
        {
            _logger.LogWarning(e, "Ignored an unreadable message on the SignalR backplane channel");
        }
    }

    private async Task DeliverAsync()
    {
        await foreach (var message in _received.Reader.ReadAllAsync())
        {
            if (!_receivers.TryGetValue(message.Hub, out var receive))
            {
                continue; // a hub this node does not map
            }
            try
            {
                await receive(message);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Could not deliver a SignalR message from the backplane to this node's connections");
            }
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_listening
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Not listening on the PostgreSQL channel that carries chat between nodes."));

    public override void Dispose()
    {
        base.Dispose();
        _dataSource.Dispose();
    }
}

public static class PostgresBackplaneSetup
{
    /// <summary>Sends of every hub go through PostgreSQL, so that all nodes' clients receive them.</summary>
    public static ISignalRServerBuilder AddPostgresBackplane(this ISignalRServerBuilder signalR, string connectionString)
    {
        signalR.Services.AddSingleton(sp => new PostgresBackplane(connectionString, sp.GetRequiredService<ILogger<PostgresBackplane>>()));
        signalR.Services.AddHostedService(sp => sp.GetRequiredService<PostgresBackplane>());
        signalR.Services.AddSingleton(typeof(HubLifetimeManager<>), typeof(PostgresHubLifetimeManager<>));
        signalR.Services.AddHealthChecks().AddCheck<PostgresBackplane>("backplane");
        return signalR;
    }
}
