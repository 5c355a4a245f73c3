using System.Globalization;
using System.Text;

namespace Odr.Web.Infrastructure.Pdf;

/// <summary>
/// Breaks text into lines no wider than a width: at spaces for Latin text, between any two Chinese characters (which
/// have no spaces; PDFsharp's own formatter breaks only at spaces), and inside a word wider than the line (a long code,
/// URL, or someone's 10,000 characters without a space), between its characters.
/// </summary>
/// <remarks>
/// Linear in the text's length: each word is measured once, a line's width is the sum of its parts' widths kept as it
/// grows (glyph advances add up; PDFsharp does not kern), and a word cut by characters measures each distinct character
/// once. Measuring every growing prefix again instead made one long word cost cubic time (two minutes for one document).
/// </remarks>
public sealed class LineBreaker(Func<string, double> measure)
{
    private readonly Dictionary<string, double> _characterWidths = new(StringComparer.Ordinal);

    public List<string> Wrap(string text, double width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var lineWidth = 0.0; // of the line as it stands, a trailing space included
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var broken = false;
            foreach (var token in Tokens(paragraph))
            {
                var word = token.TrimEnd(' ');
                if (word.Length == 0 && broken && line.Length == 0)
                {
                    continue; // spaces at a break are dropped, not carried to the next line's start
                }
                var wordWidth = word.Length == 0 ? 0 : measure(word);
                if (line.Length > 0 && word.Length > 0 && lineWidth + wordWidth > width)
                {
                    EndLine();
                }
                if (wordWidth > width)
                {
                    foreach (var character in TextElements(word))
                    {
                        var characterWidth = CharacterWidth(character);
                        if (line.Length > 0 && lineWidth + characterWidth > width)
                        {
                            EndLine();
                        }
                        line.Append(character);
                        lineWidth += characterWidth;
                    }
                }
                else
                {
                    line.Append(word);
                    lineWidth += wordWidth;
                }
                if (word.Length < token.Length)
                {
                    line.Append(' ');
                    lineWidth += CharacterWidth(" ");
                }
            }
            lines.Add(line.ToString().TrimEnd());
            line.Clear();
            lineWidth = 0;

            void EndLine()
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
                lineWidth = 0;
                broken = true;
            }
        }
        return lines;
    }

    private double CharacterWidth(string character)
    {
        if (!_characterWidths.TryGetValue(character, out var characterWidth))
        {
            characterWidth = measure(character);
            _characterWidths[character] = characterWidth;
        }
        return characterWidth;
    }

    /// <summary>What a reader sees as one character (a surrogate pair, a letter with its accents), never split.</summary>
    private static IEnumerable<string> TextElements(string word)
    {
        var elements = StringInfo.GetTextElementEnumerator(word);
        while (elements.MoveNext())
        {
            yield return elements.GetTextElement();
        }
    }

    /// <summary>Words with their trailing space; each CJK character (and CJK punctuation) as a token of its own.</summary>
    private static IEnumerable<string> Tokens(string text)
    {
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (IsCjk(c))
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }
                yield return c.ToString();
            }
            else
            {
                current.Append(c);
                if (c == ' ')
                {
                    yield return current.ToString();
                    current.Clear();
                }
            }
        }
        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static bool IsCjk(char c) => c is >= '\u3000' and <= '\u9fff' or >= '\uf900' and <= '\ufaff' or >= '\uff00' and <= '\uffef';
}
