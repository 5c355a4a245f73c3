using System.Net;
using System.Net.Sockets;

namespace Odr.Web.Tests;

/// <summary>
/// A loopback port that passes connections on to another: a database that "comes up" when the forwarder starts, or
/// "goes away" when it stops.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TcpForwarder(int port, int target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        var pumps = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                pumps.Add(PumpAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(pumps);
    }

    private async Task PumpAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                using var both = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var up = client.GetStream().CopyToAsync(server.GetStream(), both.Token);
                var down = server.GetStream().CopyToAsync(client.GetStream(), both.Token);
                await Task.WhenAny(up, down);
                await both.CancelAsync();
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // one side closed: the other goes with it
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
