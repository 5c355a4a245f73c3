using System.Buffers;
using System.Text;

namespace Odr.Web.Infrastructure;

/// <summary>
/// What people's text may hold: any Unicode, tabs and line breaks, but no other control characters and no broken
/// surrogate pairs. PostgreSQL refuses a NUL in text outright, and none of these has a place in a complaint, a name or a
/// chat message; refusing them at the door keeps both databases alike and the error a clear 400.
/// </summary>
public static class PlainText
{
    public const string Refusal = "The text contains control characters or broken Unicode.";

    public static bool IsValid(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out var rune, out var consumed) != OperationStatus.Done
                || (Rune.IsControl(rune) && rune.Value is not ('\t' or '\n' or '\r')))
            {
                return false;
            }
            text = text[consumed..];
        }
        return true;
    }
}
