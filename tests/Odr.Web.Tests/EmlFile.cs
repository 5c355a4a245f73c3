using System.Text;
using System.Text.RegularExpressions;

namespace Odr.Web.Tests;

/// <summary>
/// Enough MIME to read what System.Net.Mail writes (to a pickup folder or over SMTP): headers with encoded words,
/// the text/plain and text/html parts, and attachments.
/// </summary>
public sealed partial record EmlFile(IReadOnlyDictionary<string, string> Headers, string TextBody, string? HtmlBody,
    IReadOnlyList<(string FileName, byte[] Content)> Attachments)
{
    public string To => Headers.GetValueOrDefault("to", "");

    public string Subject => Headers.GetValueOrDefault("subject", "");

    public static async Task<EmlFile> ReadAsync(string path) => Parse(await File.ReadAllTextAsync(path));

    public static EmlFile Parse(string raw)
    {
        var (headers, body) = Split(raw.ReplaceLineEndings("\n"));
        var text = "";
        string? html = null;
        var attachments = new List<(string, byte[])>();
        Walk(headers, body, ref text, ref html, attachments);
        return new EmlFile(headers, text, html, attachments);
    }

    private static void Walk(Dictionary<string, string> headers, string body, ref string text, ref string? html, List<(string, byte[])> attachments)
    {
        var type = headers.GetValueOrDefault("content-type", "text/plain");
        if (type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = Boundary().Match(type).Groups[1].Value.Trim('"');
            foreach (var part in body.Split("--" + boundary).Skip(1).Where(p => !p.StartsWith("--", StringComparison.Ordinal)))
            {
                var (partHeaders, partBody) = Split(part.TrimStart('\n'));
                Walk(partHeaders, partBody, ref text, ref html, attachments);
            }
            return;
        }
        var bytes = Decode(body, headers.GetValueOrDefault("content-transfer-encoding", "7bit"));
        var disposition = headers.GetValueOrDefault("content-disposition", "");
        if (disposition.StartsWith("attachment", StringComparison.OrdinalIgnoreCase) || !type.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            var name = FileName().Match(disposition + ";" + type).Groups[1].Value.Trim('"');
            attachments.Add((DecodeWords(name), bytes));
        }
        else if (type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
        {
            html = Encoding.UTF8.GetString(bytes);
        }
        else
        {
            text = Encoding.UTF8.GetString(bytes);
        }
    }

    private static (Dictionary<string, string> Headers, string Body) Split(string raw)
    {
        var end = raw.IndexOf("\n\n", StringComparison.Ordinal);
        var head = end < 0 ? raw : raw[..end];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match header in HeaderLine().Matches(head.Replace("\n ", " ", StringComparison.Ordinal).Replace("\n\t", " ", StringComparison.Ordinal)))
        {
            headers.TryAdd(header.Groups[1].Value.ToLowerInvariant(), DecodeWords(header.Groups[2].Value.Trim()));
        }
        return (headers, end < 0 ? "" : raw[(end + 2)..]);
    }

    private static byte[] Decode(string body, string encoding) => encoding.Trim().ToLowerInvariant() switch
    {
        "base64" => Convert.FromBase64String(Regex.Replace(body, @"\s", "")),
        "quoted-printable" => QuotedPrintable(body),
        _ => Encoding.UTF8.GetBytes(body),
    };

    private static byte[] QuotedPrintable(string body)
    {
        var joined = body.Replace("=\n", "", StringComparison.Ordinal);
        var output = new List<byte>();
        for (var i = 0; i < joined.Length; i++)
        {
            if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
            {
                output.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                output.AddRange(Encoding.UTF8.GetBytes(joined[i].ToString()));
            }
        }
        return [.. output];
    }

    /// <summary>RFC 2047 encoded words (<c>=?utf-8?B?…?=</c>, <c>=?utf-8?Q?…?=</c>), as in UTF-8 subjects and names.</summary>
    private static string DecodeWords(string value) => EncodedWord().Replace(value.Replace("?= =?", "?==?", StringComparison.Ordinal), m =>
    {
        var charset = Encoding.GetEncoding(m.Groups[1].Value);
        return string.Equals(m.Groups[2].Value, "B", StringComparison.OrdinalIgnoreCase)
            ? charset.GetString(Convert.FromBase64String(m.Groups[3].Value))
            : charset.GetString(QuotedPrintable(m.Groups[3].Value.Replace('_', ' ')));
    });

    [GeneratedRegex(@"^([A-Za-z-]+):\s?(.*)$", RegexOptions.Multiline)]
    private static partial Regex HeaderLine();

    [GeneratedRegex("boundary=(\"[^\"]+\"|[^;\\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Boundary();

    [GeneratedRegex("name=(\"[^\"]+\"|[^;\\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex FileName();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();
}
