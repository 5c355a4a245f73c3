using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Odr.Web.Tests;

/// <summary>
/// A webhook receiver on loopback (HttpListener): records every request with the time it arrived (on the tests' clock, to
/// check its signature's timestamp against); while <see cref="Down"/> it answers 503.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    public sealed record Request(string WebhookId, string Timestamp, string Signature, string Body, bool Accepted, DateTimeOffset ReceivedAt);

    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly Func<DateTimeOffset> _clock;

    public WebhookReceiver(Func<DateTimeOffset> clock)
    {
        _clock = clock;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url { get; }

    public bool Down { get; set; }

    public ConcurrentQueue<Request> Requests { get; } = new();

    public IReadOnlyList<Request> Accepted => Requests.Where(r => r.Accepted).ToList();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding);
            var body = await reader.ReadToEndAsync();
            var accepted = !Down;
            Requests.Enqueue(new Request(context.Request.Headers["webhook-id"] ?? "", context.Request.Headers["webhook-timestamp"] ?? "",
                context.Request.Headers["webhook-signature"] ?? "", body, accepted, _clock()));
            context.Response.StatusCode = accepted ? 204 : 503;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
