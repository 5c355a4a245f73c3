using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Infrastructure.Json;

namespace Odr.Web.Tests;

/// <summary>
/// Real SignalR connections to the test server: a WebSocket (skipping negotiation, as a browser client may) carrying
/// the JSON hub protocol, authenticated with a bearer token in the query string as api.md specifies.
/// </summary>
public static class HubClient
{
    public static async Task<HubConnection> ConnectAsync(OdrWebFactory factory, string email)
    {
        var token = await factory.TokenForAsync(email);
        var uri = new Uri($"ws://localhost/hubs/cases?access_token={Uri.EscapeDataString(token)}");
        var builder = new HubConnectionBuilder().AddJsonProtocol(options => OdrJson.Configure(options.PayloadSerializerOptions));
        builder.Services.AddSingleton<IConnectionFactory>(new WebSocketConnectionFactory(factory.Server));
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(uri));
        var connection = builder.Build();
        await connection.StartAsync();
        return connection;
    }

    private sealed class WebSocketConnectionFactory(TestServer server) : IConnectionFactory
    {
        public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
        {
            var socket = await server.CreateWebSocketClient().ConnectAsync(((UriEndPoint)endpoint).Uri, cancellationToken);
            return new WebSocketConnection(socket);
        }
    }
}
