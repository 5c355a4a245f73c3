using System.Text;

namespace Odr.Web.Infrastructure.Storage;

/// <summary>A kind of file the service accepts as evidence, known by its first bytes.</summary>
public sealed record EvidenceFileKind(string MediaType, IReadOnlyList<string> Extensions);

/// <summary>
/// Decides what a file is from its content. The name and the declared type are claims; only the bytes are
/// evidence. Accepts the formats evidence arrives in: PDF, images (PNG, JPEG, GIF, WebP) and UTF-8 text.
/// </summary>
public static class ContentSniffer
{
    public static readonly EvidenceFileKind Pdf = new("application/pdf", [".pdf"]);
    public static readonly EvidenceFileKind Png = new("image/png", [".png"]);
    public static readonly EvidenceFileKind Jpeg = new("image/jpeg", [".jpg", ".jpeg", ".jfif"]);
    public static readonly EvidenceFileKind Gif = new("image/gif", [".gif"]);
    public static readonly EvidenceFileKind WebP = new("image/webp", [".webp"]);
    public static readonly EvidenceFileKind Text = new("text/plain", [".txt", ".text", ".log", ".csv", ".eml"]);

    public static readonly IReadOnlyList<EvidenceFileKind> Accepted = [Pdf, Png, Jpeg, Gif, WebP, Text];

    /// <summary>How many leading bytes <see cref="Sniff"/> wants to see.</summary>
    public const int HeadLength = 4096;

    /// <summary>The kind of <paramref name="head"/> (the file's first bytes), or none if it is not accepted.</summary>
    public static EvidenceFileKind? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return Gif;
        }
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP;
        }
        return LooksLikeText(head) ? Text : null;
    }

    /// <summary>
    /// Whether what the client said (file name, declared type) agrees with what the bytes are. The name's extension must
    /// be one of the kind's own (an allow-list: a text file named <c>.hta</c>, <c>.bat</c>, <c>.js</c> or <c>.html</c> would
    /// run when opened after download); a name without extension says nothing. A generic declared type
    /// (<c>application/octet-stream</c>) says nothing either and so never disagrees.
    /// </summary>
    public static bool ClaimsAgree(EvidenceFileKind kind, string? fileName, string? declaredType)
    {
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        if (extension.Length > 0 && !kind.Extensions.Contains(extension))
        {
            return false;
        }
        var declared = (declaredType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return declared is "" or "application/octet-stream" || declared == kind.MediaType
            || (kind == Jpeg && declared == "image/jpg") || (kind == Text && declared.StartsWith("text/", StringComparison.Ordinal));
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return false;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }
        // The head may end inside a multi-byte character; drop up to three trailing bytes of a cut sequence.
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true);
        for (var cut = 0; cut <= Math.Min(3, head.Length); cut++)
        {
            try
            {
                var text = decoder.GetString(head[..^cut]);
                return !text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n' or '\f'));
            }
            catch (DecoderFallbackException)
            {
                if (head.Length < HeadLength)
                {
                    return false; // the whole file was seen: nothing was cut, so it is not UTF-8
                }
            }
        }
        return false;
    }
}
