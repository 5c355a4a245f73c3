using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Odr.Web.Tests;

/// <summary>
/// A real SMTP server on loopback: Debian's aiosmtpd (installed by scripts/test.sh) writing every message it accepts
/// to a Maildir. It can be stopped and started again on the same port, to test an outage.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    private Process? _process;

    public SmtpServer()
    {
        Assert.True(File.Exists("/usr/bin/python3"), "python3 is missing");
        Directory = System.IO.Directory.CreateTempSubdirectory("odr-smtp-").FullName;
        foreach (var folder in new[] { "cur", "new", "tmp" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, folder));
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Start();
    }

    public int Port { get; }

    public string Directory { get; }

    public void Start()
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Directory })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }
        throw new InvalidOperationException($"aiosmtpd did not listen on {Port}: {_process.StandardError.ReadToEnd()} (run ./scripts/test.sh, which installs python3-aiosmtpd)");
    }

    public void Stop()
    {
        _process?.Kill(entireProcessTree: true);
        _process?.WaitForExit();
        _process?.Dispose();
        _process = null;
    }

    /// <summary>Every message accepted so far.</summary>
    public IReadOnlyList<EmlFile> Messages() =>
        new[] { "new", "cur" }.SelectMany(f => System.IO.Directory.EnumerateFiles(Path.Combine(Directory, f)))
            .Select(path => EmlFile.Parse(File.ReadAllText(path))).ToList();

    public IReadOnlyList<EmlFile> MessagesTo(string address) =>
        Messages().Where(m => m.To.Contains(address, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Idempotent: a factory may be disposed both synchronously and asynchronously.</summary>
    public void Dispose()
    {
        Stop();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
