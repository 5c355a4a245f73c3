using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
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

    /// <summary>A connection whose transport pipes are pumped to and from a WebSocket.</summary>
    private sealed class WebSocketConnection : ConnectionContext
    {
        private readonly WebSocket _socket;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _receiving;
        private readonly Task _sending;

        public WebSocketConnection(WebSocket socket)
        {
            _socket = socket;
            var input = new Pipe();
            var output = new Pipe();
            Transport = new DuplexPipe(input.Reader, output.Writer);
            _receiving = ReceiveAsync(input.Writer);
            _sending = SendAsync(output.Reader);
        }

        public override string ConnectionId { get; set; } = Guid.NewGuid().ToString("N");
        public override IFeatureCollection Features { get; } = new FeatureCollection();
        public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
        public override IDuplexPipe Transport { get; set; }

        private async Task ReceiveAsync(PipeWriter writer)
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var memory = writer.GetMemory(4096);
                    var result = await _socket.ReceiveAsync(memory, _stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }
                    writer.Advance(result.Count);
                    if (result.EndOfMessage && (await writer.FlushAsync()).IsCompleted)
                    {
                        break;
                    }
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested || _socket.State != WebSocketState.Open)
            {
            }
            await writer.CompleteAsync();
        }

        private async Task SendAsync(PipeReader reader)
        {
            try
            {
                while (true)
                {
                    var result = await reader.ReadAsync(_stop.Token);
                    foreach (var segment in result.Buffer)
                    {
                        await _socket.SendAsync(segment, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
                    }
                    reader.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted)
                    {
                        break;
                    }
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested || _socket.State != WebSocketState.Open)
            {
            }
            await reader.CompleteAsync();
        }

        public override async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await Task.WhenAll(_receiving, _sending);
            }
            catch (OperationCanceledException)
            {
            }
            _socket.Dispose();
            _stop.Dispose();
            await base.DisposeAsync();
        }

        private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
        {
            public PipeReader Input { get; } = input;
            public PipeWriter Output { get; } = output;
        }
    }
}
