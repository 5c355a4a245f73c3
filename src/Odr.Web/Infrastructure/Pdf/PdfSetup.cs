using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PdfSharp.Fonts;

namespace Odr.Web.Infrastructure.Pdf;

public sealed class DocumentOptions
{
    /// <summary>A TrueType (.ttf, not .ttc) font with Latin and Chinese glyphs; found among Debian's fonts when not set.</summary>
    public string? FontFile { get; set; }

    /// <summary>The signing certificate (PKCS#12). When not set, a self-signed one is generated once and kept in the data folder.</summary>
    public string? CertificateFile { get; set; }

    public string? CertificatePassword { get; set; }
}

/// <summary>
/// The one font every document is drawn in. PDFsharp has no per-glyph fallback, so any text that may hold Chinese
/// (names, statements, the Chinese column) must be drawn in a font that has Chinese; this one has both scripts.
/// </summary>
public sealed class DocumentFont : IFontResolver
{
    public const string Family = "odr";

    /// <summary>Debian's CJK fonts that ship as plain .ttf (PDFsharp cannot read .ttc collections).</summary>
    public static readonly IReadOnlyList<string> Candidates =
    [
        "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttf",
        "/usr/share/fonts/truetype/arphic/uming.ttf",
    ];

    private readonly byte[] _font;

    private DocumentFont(string path)
    {
        Path = path;
        _font = File.ReadAllBytes(path);
    }

    public string Path { get; }

    /// <summary>The configured font, or the first Debian CJK font present; none when no Chinese-capable font is installed.</summary>
    public static DocumentFont? Find(string? configured)
    {
        var path = configured is not null ? configured : Candidates.FirstOrDefault(File.Exists);
        return path is not null && File.Exists(path) ? new DocumentFont(path) : null;
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(Family, bold, italic);

    public byte[]? GetFont(string faceName) => _font;

    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>PDFsharp's font settings are process-wide and can be set only once.</summary>
    public void InstallOnce()
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }
            GlobalFontSettings.FontResolver = this;
            _installed = true;
        }
    }
}

/// <summary>The service's document-signing certificate.</summary>
public static class DocumentCertificate
{
    public static X509Certificate2 Load(DocumentOptions options, string keysDirectory, ILogger logger)
    {
        if (options.CertificateFile is { } configured)
        {
            return X509CertificateLoader.LoadPkcs12FromFile(configured, options.CertificatePassword, X509KeyStorageFlags.Exportable);
        }
        var path = System.IO.Path.Combine(keysDirectory, "document-signing.pfx");
        if (!File.Exists(path))
        {
            // For development: a self-signed certificate, generated once and kept so earlier documents still verify.
            using var rsa = RSA.Create(3072);
            var request = new CertificateRequest("CN=ODR Service Document Signing, O=ODR Service", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
            Directory.CreateDirectory(keysDirectory);
            File.WriteAllBytes(path, created.Export(X509ContentType.Pfx));
            logger.LogWarning("Generated a self-signed document-signing certificate at {Path}; configure Odr:Documents:CertificateFile in production", path);
        }
        return X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.Exportable);
    }
}
