using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PdfSharp.Fonts;

namespace Odr.Web.Infrastructure.Pdf;

public sealed class DocumentOptions
{
    /// <summary>A proportional TrueType (.ttf) font for Latin text; Debian's DejaVu Sans when not set.</summary>
    public string? LatinFontFile { get; set; }

    /// <summary>The bold face of <see cref="LatinFontFile"/>; Debian's DejaVu Sans Bold when not set.</summary>
    public string? LatinBoldFontFile { get; set; }

    /// <summary>A TrueType-outline (.ttf) font with Chinese glyphs; Debian's Droid Sans Fallback when not set.</summary>
    public string? ChineseFontFile { get; set; }

    /// <summary>The signing certificate (PKCS#12). When not set, a self-signed one is generated once and kept in the data folder.</summary>
    public string? CertificateFile { get; set; }

    public string? CertificatePassword { get; set; }
}

/// <summary>
/// The fonts every document is drawn in: a proportional Latin face (regular and bold) and a Chinese face. No single
/// TrueType font PDFsharp can embed has both well (Debian's Noto CJK are CFF collections it cannot read; the plain
/// .ttf CJK fonts set Latin in fixed-width glyphs where "l" looks like "1"), and PDFsharp has no per-glyph fallback,
/// so <see cref="DocumentText"/> splits each line into runs by script and draws each run in its face.
/// </summary>
public sealed class DocumentFont : IFontResolver
{
    /// <summary>The family of Latin (and every non-CJK) text.</summary>
    public const string Family = "odr";

    /// <summary>The family of Chinese text (and other CJK characters).</summary>
    public const string ChineseFamily = "odr-cjk";

    public const string DefaultLatin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    public const string DefaultLatinBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    public const string DefaultChinese = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";

    private readonly byte[] _latin;
    private readonly byte[] _latinBold;
    private readonly byte[] _chinese;

    private DocumentFont(string latin, string latinBold, string chinese)
    {
        LatinPath = latin;
        ChinesePath = chinese;
        _latin = File.ReadAllBytes(latin);
        _latinBold = File.ReadAllBytes(latinBold);
        _chinese = File.ReadAllBytes(chinese);
    }

    public string LatinPath { get; }

    public string ChinesePath { get; }

    /// <summary>Where the fonts are, for the startup log.</summary>
    public string Path => $"{LatinPath} (Latin) and {ChinesePath} (Chinese)";

    /// <summary>The configured fonts or Debian's; none when a file is missing (<see cref="Missing"/> says which).</summary>
    public static DocumentFont? Find(DocumentOptions? options) =>
        Missing(options).Count == 0 ? new DocumentFont(Latin(options), LatinBold(options), Chinese(options)) : null;

    /// <summary>The font files that are not there, each with the Debian package that installs the default.</summary>
    public static IReadOnlyList<string> Missing(DocumentOptions? options)
    {
        var missing = new List<string>();
        Check(Latin(options), "fonts-dejavu-core", options?.LatinFontFile);
        Check(LatinBold(options), "fonts-dejavu-core", options?.LatinBoldFontFile);
        Check(Chinese(options), "fonts-droid-fallback", options?.ChineseFontFile);
        return missing;

        void Check(string path, string package, string? configured)
        {
            if (!File.Exists(path))
            {
                missing.Add(configured is null ? $"{path} (Debian's {package})" : path);
            }
        }
    }

    private static string Latin(DocumentOptions? options) => options?.LatinFontFile ?? DefaultLatin;

    private static string LatinBold(DocumentOptions? options) => options?.LatinBoldFontFile ?? DefaultLatinBold;

    private static string Chinese(DocumentOptions? options) => options?.ChineseFontFile ?? DefaultChinese;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        familyName == ChineseFamily
            ? new FontResolverInfo("chinese", mustSimulateBold: bold, mustSimulateItalic: italic)
            : new FontResolverInfo(bold ? "latin-bold" : "latin", mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName) => faceName switch
    {
        "chinese" => _chinese,
        "latin-bold" => _latinBold,
        _ => _latin,
    };

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
