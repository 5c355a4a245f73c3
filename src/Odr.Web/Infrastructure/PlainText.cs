using System.Buffers;
using System.Text.Unicode;

namespace Odr.Web.Infrastructure;

/// <summary>
/// What people's text may hold: any Unicode, tabs and line breaks, but no other control characters and no broken
/// surrogate pairs. PostgreSQL refuses a NUL in text outright, and none of these has a place in a complaint, a name or a
/// chat message; refusing them at the door keeps both databases alike and the error a clear 400.
/// </summary>
public static class PlainText
{
    public const string Refusal = "The text contains control characters or broken Unicode.";

    public static bool IsValid(string text) =>
        !text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
        && Utf8.FromUtf16(text, new byte[text.Length * 3], out _, out _, replaceInvalidSequences: false) == OperationStatus.Done;
}
