using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Infrastructure.Json;

namespace Odr.Web.Tests;

/// <summary>
/// SignalR clients over real WebSockets to a service process on loopback, signed in with a bearer token as api.md says
/// (the benchmarks use it too, linked).
/// </summary>
public static class SocketHubClient
{
    public static async Task<HubConnection> ConnectAsync(Uri baseAddress, string path, string token)
    {
        var uri = new Uri($"ws://{baseAddress.Authority}{path}?access_token={Uri.EscapeDataString(token)}");
        var builder = new HubConnectionBuilder().AddJsonProtocol(options => OdrJson.Configure(options.PayloadSerializerOptions));
        builder.Services.AddSingleton<IConnectionFactory>(new SocketConnectionFactory());
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(uri));
        var connection = builder.Build();
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        await connection.StartAsync();
        return connection;
    }

    private sealed class SocketConnectionFactory : IConnectionFactory
    {
        public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(((UriEndPoint)endpoint).Uri, cancellationToken);
            return new WebSocketConnection(socket);
        }
    }
}
