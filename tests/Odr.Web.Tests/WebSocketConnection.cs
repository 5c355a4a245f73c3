using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Odr.Web.Tests;

/// <summary>
/// A SignalR client connection whose transport pipes are pumped to and from a WebSocket: the test server's or a real
/// socket's (the benchmarks link this file). Skips negotiation, as a browser client may.
/// </summary>
public sealed class WebSocketConnection : ConnectionContext
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
