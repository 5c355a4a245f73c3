using System.Text;
using System.Text.RegularExpressions;

namespace Odr.Web.Tests;

/// <summary>Just enough MIME to read the .eml files System.Net.Mail writes: headers and the base64 text/plain part.</summary>
public sealed partial record EmlFile(string To, string Subject, string TextBody)
{
    public static async Task<EmlFile> ReadAsync(string path)
    {
        var raw = await File.ReadAllTextAsync(path);
        var to = Header(raw, "To");
        var subject = Header(raw, "Subject");
        var text = PlainPart().Match(raw);
        var body = text.Success ? Encoding.UTF8.GetString(Convert.FromBase64String(Regex.Replace(text.Groups["body"].Value, @"\s", ""))) : "";
        return new EmlFile(to, subject, body);
    }

    private static string Header(string raw, string name) =>
        Regex.Match(raw, $"^{name}: (?<value>.*)$", RegexOptions.Multiline).Groups["value"].Value.Trim();

    [GeneratedRegex(@"Content-Type: text/plain; charset=utf-8\r?\nContent-Transfer-Encoding: base64\r?\n\r?\n(?<body>[A-Za-z0-9+/=\r\n]+)")]
    private static partial Regex PlainPart();
}
