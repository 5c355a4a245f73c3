using System.Buffers;
using System.Text;

namespace Odr.Web.Infrastructure;

/// <summary>Whether a field holds one line (a name, a reference, an address) or running text (a description, a statement).</summary>
public enum TextShape
{
    SingleLine,
    MultiLine,
}

/// <summary>
/// Marks a request field that holds running text: it may keep its line breaks and tabs. Every other text field of a
/// request body or a page form is one line (<see cref="PlainText"/>); the JSON reader and the form binder both ask.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MultiLineTextAttribute : Attribute;

/// <summary>
/// What people's text may hold, the one rule for every way in (JSON bodies, page forms, multipart fields, the chat hub).
/// Any Unicode, but no control characters (C0, DEL, C1), no broken surrogate pairs and no bidirectional embeddings,
/// overrides or isolates (U+202A–U+202E, U+2066–U+2069). Running text may keep tabs and line breaks; a single line may
/// not. PostgreSQL refuses a NUL outright; a line break in a one-line field ends up in an e-mail header (an order
/// reference in a subject); and a bidi override makes text read differently from what it is (an amount, a name), and
/// differently again in a PDF, which does not apply the same reordering as a browser.
/// </summary>
public static class PlainText
{
    public const string Refusal = "The text contains control characters, bidirectional overrides or broken Unicode.";

    public const string SingleLineRefusal =
        "This field is a single line: it may not contain line breaks, tabs, control characters, bidirectional overrides or broken Unicode.";

    public static string RefusalFor(TextShape shape) => shape == TextShape.SingleLine ? SingleLineRefusal : Refusal;

    public static bool IsValid(ReadOnlySpan<char> text, TextShape shape = TextShape.MultiLine)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out var rune, out var consumed) != OperationStatus.Done || !IsAllowed(rune, shape))
            {
                return false;
            }
            text = text[consumed..];
        }
        return true;
    }

    /// <summary>
    /// <paramref name="text"/> without what a single line may not hold (broken surrogates become U+FFFD): for text the
    /// service must show even when it is not valid, such as an uploaded file's name.
    /// </summary>
    public static string ToSingleLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsAllowed(rune, TextShape.SingleLine))
            {
                builder.Append(rune.ToString());
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: in a sentence, a name written
    /// right to left cannot reorder the words around it (what <c>&lt;bdi&gt;</c> does in markup).
    /// </summary>
    public static string Isolated(string text) => $"\u2068{text}\u2069";

    private static bool IsAllowed(Rune rune, TextShape shape) =>
        !IsBidiControl(rune)
        && (!Rune.IsControl(rune) || (shape == TextShape.MultiLine && rune.Value is '\t' or '\n' or '\r'));

    /// <summary>The embeddings, overrides and isolates; the marks (LRM, RLM, ALM) stay allowed, as they reorder nothing around them.</summary>
    private static bool IsBidiControl(Rune rune) => rune.Value is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);
}
