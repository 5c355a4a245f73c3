using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;

namespace Odr.Web.Tests;

/// <summary>
/// A real SMTP server on loopback: Debian's aiosmtpd (installed by scripts/test.sh) run by <c>odr_test_mailbox.py</c>,
/// with SMTPUTF8, writing every message it accepts to a Maildir, and refusing the recipients that script names. With
/// <c>startTls</c> it has a certificate of its own for 127.0.0.1 and takes no mail before STARTTLS; with a
/// <c>login</c> it takes none before AUTH. It can be stopped and started again on the same port, to test an outage.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    private Process? _process;
    private readonly string? _certificateFile;
    private readonly string? _keyFile;
    private readonly (string Name, string Password)? _login;

    public SmtpServer(bool startTls = false, (string Name, string Password)? login = null)
    {
        _login = login;
        Assert.True(File.Exists("/usr/bin/python3"), "python3 is missing");
        Directory = System.IO.Directory.CreateTempSubdirectory("odr-smtp-").FullName;
        foreach (var folder in new[] { "cur", "new", "tmp" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, folder));
        }
        if (startTls)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            _certificateFile = Path.Combine(Directory, "server.crt");
            _keyFile = Path.Combine(Directory, "server.key");
            File.WriteAllText(_certificateFile, certificate.ExportCertificatePem());
            File.WriteAllText(_keyFile, key.ExportPkcs8PrivateKeyPem());
            CertificateSha256 = Convert.ToHexString(SHA256.HashData(certificate.RawData));
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Start();
    }

    public int Port { get; }

    public string Directory { get; }

    /// <summary>The fingerprint of the server's own certificate, when it speaks STARTTLS.</summary>
    public string? CertificateSha256 { get; }

    public void Start()
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        var arguments = new List<string> { Path.Combine(AppContext.BaseDirectory, "odr_test_mailbox.py"), "--port", $"{Port}", "--maildir", Directory };
        if (_certificateFile is not null && _keyFile is not null)
        {
            arguments.AddRange(["--tlscert", _certificateFile, "--tlskey", _keyFile]);
        }
        if (_login is { } login)
        {
            arguments.AddRange(["--login", login.Name, "--password", login.Password]);
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        // The script says so once aiosmtpd's controller has answered its own first connection; it dies saying why otherwise.
        if (_process.StandardOutput.ReadLine() != "listening")
        {
            throw new InvalidOperationException($"aiosmtpd did not listen on {Port}: {_process.StandardError.ReadToEnd()} (run ./scripts/test.sh, which installs python3-aiosmtpd)");
        }
    }

    public void Stop()
    {
        _process?.Kill(entireProcessTree: true);
        _process?.WaitForExit();
        _process?.Dispose();
        _process = null;
    }

    /// <summary>Every message accepted so far, as MimeKit reads it.</summary>
    public IReadOnlyList<MimeMessage> Messages() =>
        new[] { "new", "cur" }.SelectMany(f => System.IO.Directory.EnumerateFiles(Path.Combine(Directory, f)))
            .Select(path => MimeMessage.Load(path)).ToList();

    public IReadOnlyList<MimeMessage> MessagesTo(string address) => Messages().Where(m => m.IsTo(address)).ToList();

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

/// <summary>What the tests read of a message beyond MimeKit's own properties.</summary>
public static class MimeMessageReading
{
    /// <summary>The .eml files the service wrote to a pickup folder, as MimeKit reads them.</summary>
    public static List<MimeMessage> LoadAll(IEnumerable<string> paths) => paths.Select(path => MimeMessage.Load(path)).ToList();

    public static bool IsTo(this MimeMessage message, string address) =>
        message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase));

    /// <summary>The Message-ID header as written, angle brackets included (as <c>SentNotices</c> records it).</summary>
    public static string MessageIdHeader(this MimeMessage message) => message.Headers[HeaderId.MessageId] ?? "";

    /// <summary>An attachment's name and decoded bytes.</summary>
    public static (string FileName, byte[] Content) Read(this MimeEntity attachment)
    {
        var part = Assert.IsType<MimePart>(attachment, exactMatch: false);
        using var content = new MemoryStream();
        part.Content!.DecodeTo(content);
        return (part.FileName ?? "", content.ToArray());
    }
}
