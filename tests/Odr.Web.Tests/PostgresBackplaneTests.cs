using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Odr.Web.Infrastructure.Cluster;

namespace Odr.Web.Tests;

/// <summary>
/// Every kind of SignalR send, through two nodes' <see cref="PostgresHubLifetimeManager{THub}"/> on one PostgreSQL
/// database: each reaches exactly the connections it names, on whichever node they are, once.
/// </summary>
public sealed class PostgresBackplaneTests : IAsyncDisposable
{
    private sealed class ProbeHub : Hub;

    private static readonly JsonHubProtocol Json = new();

    private sealed class Protocols : IHubProtocolResolver
    {
        public IReadOnlyList<IHubProtocol> AllProtocols { get; } = [Json];

        public IHubProtocol? GetProtocol(string protocolName, IReadOnlyList<string>? supportedProtocols) => Json;
    }

    /// <summary>A server-side connection that records the method names of what it is sent.</summary>
    private sealed class Recorder : HubConnectionContext
    {
        public Recorder(string id, string user) : base(new DefaultConnectionContext(id),
            new HubConnectionContextOptions { KeepAliveInterval = TimeSpan.FromSeconds(15), ClientTimeoutInterval = TimeSpan.FromSeconds(30) },
            NullLoggerFactory.Instance)
        {
            UserIdentifier = user;
        }

        public ConcurrentQueue<string> Heard { get; } = new();

        public override ValueTask WriteAsync(SerializedHubMessage message, CancellationToken cancellationToken = default)
        {
            var text = Encoding.UTF8.GetString(message.GetSerializedMessage(Json).Span).TrimEnd('\u001e');
            Heard.Enqueue(JsonDocument.Parse(text).RootElement.GetProperty("target").GetString()!);
            return ValueTask.CompletedTask;
        }
    }

    private readonly List<PostgresBackplane> _backplanes = [];
    private int _barriers;

    private async Task<PostgresHubLifetimeManager<ProbeHub>> NodeAsync()
    {
        var backplane = new PostgresBackplane(TestDatabase.PostgresServer!, NullLogger<PostgresBackplane>.Instance);
        _backplanes.Add(backplane);
        await backplane.StartAsync(CancellationToken.None);
        await Waiting.UntilAsync(async () => (await backplane.CheckHealthAsync(new HealthCheckContext())).Status == HealthStatus.Healthy,
            TimeSpan.FromSeconds(10), "the backplane to listen");
        return new PostgresHubLifetimeManager<ProbeHub>(backplane, new Protocols());
    }

    [PostgresFact]
    public async Task EverySend_ReachesExactlyItsConnections_OnBothNodes_Once()
    {
        var a = await NodeAsync();
        var b = await NodeAsync();
        var a1 = new Recorder("a1", "u1");
        var b1 = new Recorder("b1", "u1");
        var b2 = new Recorder("b2", "u2");
        await a.OnConnectedAsync(a1);
        await b.OnConnectedAsync(b1);
        await b.OnConnectedAsync(b2);
        Recorder[] everyone = [a1, b1, b2];

        await a.SendAllAsync("all", []);
        Assert.Equal(["a1", "b1", "b2"], await HeardAsync(a, everyone, "all"));
        await a.SendAllExceptAsync("allExcept", [], ["b1"]);
        Assert.Equal(["a1", "b2"], await HeardAsync(a, everyone, "allExcept"));
        await a.SendUserAsync("u1", "user", []);
        Assert.Equal(["a1", "b1"], await HeardAsync(a, everyone, "user"));
        await a.SendUsersAsync(["u1", "u2", "u1"], "users", []);
        Assert.Equal(["a1", "b1", "b2"], await HeardAsync(a, everyone, "users"));
        await a.SendConnectionAsync("b2", "connection", []);
        Assert.Equal(["b2"], await HeardAsync(a, everyone, "connection"));
        await a.SendConnectionsAsync(["a1", "b2"], "connections", []);
        Assert.Equal(["a1", "b2"], await HeardAsync(a, everyone, "connections"));

        // Node A puts its own connection and one of B's into a group; B puts its other one into another.
        await a.AddToGroupAsync("a1", "g");
        await a.AddToGroupAsync("b2", "g");
        await b.AddToGroupAsync("b1", "h");
        await a.SendGroupAsync("g", "group", []);
        Assert.Equal(["a1", "b2"], await HeardAsync(a, everyone, "group"));
        await b.SendGroupsAsync(["g", "h", "g"], "groups", []);
        Assert.Equal(["a1", "b1", "b2"], await HeardAsync(a, everyone, "groups"));
        await b.SendGroupExceptAsync("g", "groupExcept", [], ["a1"]);
        Assert.Equal(["b2"], await HeardAsync(a, everyone, "groupExcept"));

        await a.RemoveFromGroupAsync("b2", "g");
        await a.SendGroupAsync("g", "afterLeaving", []);
        Assert.Equal(["a1"], await HeardAsync(a, everyone, "afterLeaving"));

        // A message far larger than one notification arrives whole, once.
        await b.SendAllAsync("large", [new string('字', 20_000)]);
        Assert.Equal(["a1", "b1", "b2"], await HeardAsync(a, everyone, "large"));

        await b.OnDisconnectedAsync(b1);
        await a.SendGroupsAsync(["h"], "afterDisconnect", []);
        await a.SendUserAsync("u1", "afterDisconnect", []);
        Assert.Equal(["a1"], await HeardAsync(a, [a1, b2], "afterDisconnect"));
        Assert.DoesNotContain("afterDisconnect", b1.Heard);
    }

    /// <summary>
    /// Who heard <paramref name="method"/> (each at most once), once everything sent before it has arrived: a barrier sent
    /// to all after it, which every connection hears after the messages published before it.
    /// </summary>
    private async Task<string[]> HeardAsync(PostgresHubLifetimeManager<ProbeHub> node, Recorder[] connections, string method)
    {
        var barrier = $"barrier{++_barriers}";
        await node.SendAllAsync(barrier, []);
        await Waiting.UntilAsync(() => connections.All(c => c.Heard.Contains(barrier)), TimeSpan.FromSeconds(10), barrier);
        foreach (var connection in connections)
        {
            Assert.True(connection.Heard.Count(m => m == method) <= 1, $"{connection.ConnectionId} heard {method} more than once");
        }
        return connections.Where(c => c.Heard.Contains(method)).Select(c => c.ConnectionId).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backplane in _backplanes)
        {
            await backplane.StopAsync(CancellationToken.None);
            backplane.Dispose();
        }
    }
}
