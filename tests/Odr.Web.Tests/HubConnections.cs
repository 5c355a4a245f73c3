using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Infrastructure.Json;

namespace Odr.Web.Tests;

/// <summary>
/// Hub connections on SignalR's own .NET client, as a program other than a browser connects: negotiation, then a
/// WebSocket, the JSON hub protocol with the service's JSON settings. The token goes as <c>access_token</c> in the query
/// string, as api.md specifies (the client's <c>AccessTokenProvider</c> would send a header instead, which a browser's
/// WebSocket cannot). No Origin header is sent, so the hub's Origin check lets the connection through as no browser's.
/// This part talks to a service process and is linked into the benchmarks; HubConnections.TestServer.cs adds the test server.
/// </summary>
public static partial class HubConnections
{
    /// <summary>Connects to the hub at <paramref name="path"/> of a service process on loopback.</summary>
    public static Task<HubConnection> ConnectAsync(Uri baseAddress, string path, string token) =>
        StartAsync(baseAddress, path, token, _ => { });

    /// <summary>
    /// Builds and starts the connection; <paramref name="transport"/> may reroute its HTTP requests and its WebSocket.
    /// WebSockets only: a fallback to another transport would hide a WebSocket the service refused.
    /// </summary>
    private static async Task<HubConnection> StartAsync(Uri baseAddress, string path, string token, Action<HttpConnectionOptions> transport)
    {
        var url = new Uri(baseAddress, $"{path}?access_token={Uri.EscapeDataString(token)}");
        var connection = new HubConnectionBuilder()
            .WithUrl(url, HttpTransportType.WebSockets, transport)
            .AddJsonProtocol(options => OdrJson.Configure(options.PayloadSerializerOptions))
            .Build();
        // The service's keep-alive pings can be held up past the default 30 s on a loaded machine (500 connections in
        // the benchmarks, two nodes in the tests); a closed connection would fail the run for the machine's speed.
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        await connection.StartAsync();
        return connection;
    }
}
