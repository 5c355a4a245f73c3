using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Odr.Web.Infrastructure.Cluster;

/// <summary>
/// SignalR's bookkeeping of connections, groups and users for this node, with every send going through
/// <see cref="PostgresBackplane"/> so that a message posted on one node reaches the clients of all of them. Messages are
/// serialized once, in every hub protocol, by the sender; receivers write the bytes to their connections as they are.
/// </summary>
public sealed class PostgresHubLifetimeManager<THub> : HubLifetimeManager<THub> where THub : Hub
{
    private static readonly string HubName = typeof(THub).FullName!;

    private readonly PostgresBackplane _backplane;
    private readonly IReadOnlyList<IHubProtocol> _protocols;
    private readonly HubConnectionStore _connections = new();
    // Membership changes take this lock; sends read the stores, which are safe to enumerate while they change.
    private readonly Lock _membership = new();
    private readonly ConcurrentDictionary<string, HubConnectionStore> _groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HubConnectionStore> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>> _groupsOfConnection = new(StringComparer.Ordinal);

    public PostgresHubLifetimeManager(PostgresBackplane backplane, IHubProtocolResolver protocols)
    {
        _backplane = backplane;
        _protocols = protocols.AllProtocols;
        backplane.Subscribe(HubName, ReceiveAsync);
    }

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections.Add(connection);
        if (connection.UserIdentifier is { } user)
        {
            lock (_membership)
            {
                _users.GetOrAdd(user, _ => new HubConnectionStore()).Add(connection);
            }
        }
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.Remove(connection);
        lock (_membership)
        {
            if (_groupsOfConnection.TryRemove(connection.ConnectionId, out var groups))
            {
                foreach (var group in groups)
                {
                    Leave(_groups, group, connection);
                }
            }
            if (connection.UserIdentifier is { } user)
            {
                Leave(_users, user, connection);
            }
        }
        return Task.CompletedTask;
    }

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (_connections[connectionId] is { } connection)
        {
            Join(connection, groupName);
            return Task.CompletedTask;
        }
        return PublishAsync(BackplaneTarget.AddToGroup, [connectionId, groupName], [], null, cancellationToken);
    }

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (_connections[connectionId] is { } connection)
        {
            Leave(connection, groupName);
            return Task.CompletedTask;
        }
        return PublishAsync(BackplaneTarget.RemoveFromGroup, [connectionId, groupName], [], null, cancellationToken);
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        PublishAsync(BackplaneTarget.All, [], [], Invocation(methodName, args), cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds,
        CancellationToken cancellationToken = default) =>
        PublishAsync(BackplaneTarget.All, [], excludedConnectionIds, Invocation(methodName, args), cancellationToken);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        PublishAsync(BackplaneTarget.Connections, [connectionId], [], Invocation(methodName, args), cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args,
        CancellationToken cancellationToken = default) =>
        PublishAsync(BackplaneTarget.Connections, connectionIds, [], Invocation(methodName, args), cancellationToken);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        PublishAsync(BackplaneTarget.Groups, [groupName], [], Invocation(methodName, args), cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args,
        CancellationToken cancellationToken = default) =>
        PublishAsync(BackplaneTarget.Groups, groupNames, [], Invocation(methodName, args), cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds,
        CancellationToken cancellationToken = default) =>
        PublishAsync(BackplaneTarget.Groups, [groupName], excludedConnectionIds, Invocation(methodName, args), cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        PublishAsync(BackplaneTarget.Users, [userId], [], Invocation(methodName, args), cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args,
        CancellationToken cancellationToken = default) =>
        PublishAsync(BackplaneTarget.Users, userIds, [], Invocation(methodName, args), cancellationToken);

    private static InvocationMessage Invocation(string methodName, object?[] args) => new(methodName, args);

    private Task PublishAsync(BackplaneTarget target, IReadOnlyList<string> names, IReadOnlyList<string> excluded, HubMessage? message,
        CancellationToken ct)
    {
        var payloads = message is null
            ? new Dictionary<string, byte[]>()
            : _protocols.ToDictionary(p => p.Name, p => p.GetMessageBytes(message).ToArray(), StringComparer.Ordinal);
        return _backplane.PublishAsync(new BackplaneMessage(HubName, target, names, excluded, payloads), ct);
    }

    private async Task ReceiveAsync(BackplaneMessage message)
    {
        switch (message.Target)
        {
            case BackplaneTarget.AddToGroup when _connections[message.Names[0]] is { } connection:
                Join(connection, message.Names[1]);
                return;
            case BackplaneTarget.RemoveFromGroup when _connections[message.Names[0]] is { } connection:
                Leave(connection, message.Names[1]);
                return;
            case BackplaneTarget.AddToGroup or BackplaneTarget.RemoveFromGroup:
                return; // the connection is on another node
        }
        var serialized = new SerializedHubMessage(message.Payloads.Select(p => new SerializedMessage(p.Key, p.Value)).ToList());
        var excluded = message.Excluded.Count == 0 ? null : message.Excluded.ToHashSet(StringComparer.Ordinal);
        var writes = new List<Task>();
        foreach (var connection in Recipients(message))
        {
            if (excluded?.Contains(connection.ConnectionId) != true)
            {
                var write = connection.WriteAsync(serialized).AsTask();
                if (!write.IsCompletedSuccessfully)
                {
                    writes.Add(write);
                }
            }
        }
        await Task.WhenAll(writes);
    }

    /// <summary>Each recipient once, though it may be in several of the named groups.</summary>
    private IEnumerable<HubConnectionContext> Recipients(BackplaneMessage message)
    {
        switch (message.Target)
        {
            case BackplaneTarget.All:
                foreach (var connection in _connections)
                {
                    yield return connection;
                }
                yield break;
            case BackplaneTarget.Connections:
                foreach (var id in message.Names.Distinct(StringComparer.Ordinal))
                {
                    if (_connections[id] is { } connection)
                    {
                        yield return connection;
                    }
                }
                yield break;
            case BackplaneTarget.Groups or BackplaneTarget.Users:
                var stores = message.Target == BackplaneTarget.Groups ? _groups : _users;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var name in message.Names)
                {
                    if (stores.TryGetValue(name, out var members))
                    {
                        foreach (var connection in members)
                        {
                            if (seen.Add(connection.ConnectionId))
                            {
                                yield return connection;
                            }
                        }
                    }
                }
                yield break;
        }
    }

    private void Join(HubConnectionContext connection, string group)
    {
        lock (_membership)
        {
            if (_connections[connection.ConnectionId] is null)
            {
                return; // it went away meanwhile
            }
            _groupsOfConnection.GetOrAdd(connection.ConnectionId, _ => new HashSet<string>(StringComparer.Ordinal)).Add(group);
            _groups.GetOrAdd(group, _ => new HubConnectionStore()).Add(connection);
        }
    }

    private void Leave(HubConnectionContext connection, string group)
    {
        lock (_membership)
        {
            if (_groupsOfConnection.TryGetValue(connection.ConnectionId, out var groups))
            {
                groups.Remove(group);
            }
            Leave(_groups, group, connection);
        }
    }

    private static void Leave(ConcurrentDictionary<string, HubConnectionStore> stores, string name, HubConnectionContext connection)
    {
        if (stores.TryGetValue(name, out var members))
        {
            members.Remove(connection);
            if (members.Count == 0)
            {
                stores.TryRemove(name, out _);
            }
        }
    }
}
