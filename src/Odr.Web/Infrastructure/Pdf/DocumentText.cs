using System.Text;
using PdfSharp.Drawing;

namespace Odr.Web.Infrastructure.Pdf;

/// <summary>
/// One size and weight of the documents' text, in its two faces (<see cref="DocumentFont"/>): a line is split into runs
/// of Chinese and of other characters, each measured and drawn in its face on one shared baseline.
/// </summary>
public sealed class DocumentText
{
    public DocumentText(double size, bool bold = false)
    {
        var style = bold ? XFontStyleEx.Bold : XFontStyleEx.Regular;
        Latin = new XFont(DocumentFont.Family, size, style);
        Chinese = new XFont(DocumentFont.ChineseFamily, size, style);
        // The baseline sits below the top by the taller face's ascent, so both scripts' glyphs fit under the line's top.
        Ascent = Math.Max(AscentOf(Latin), AscentOf(Chinese));
        LineHeight = Math.Max(Latin.GetHeight(), Chinese.GetHeight());
    }

    public XFont Latin { get; }

    public XFont Chinese { get; }

    /// <summary>The distance between baselines of single-spaced lines.</summary>
    public double LineHeight { get; }

    private double Ascent { get; }

    public double Measure(XGraphics graphics, string text)
    {
        var width = 0.0;
        foreach (var (run, chinese) in Runs(text))
        {
            width += graphics.MeasureString(run, chinese ? Chinese : Latin).Width;
        }
        return width;
    }

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (<paramref name="x"/>, <paramref name="top"/>).</summary>
    public void Draw(XGraphics graphics, string text, XBrush brush, double x, double top)
    {
        var baseline = top + Ascent;
        foreach (var (run, chinese) in Runs(text))
        {
            var font = chinese ? Chinese : Latin;
            graphics.DrawString(run, font, brush, x, baseline, XStringFormats.BaseLineLeft);
            x += graphics.MeasureString(run, font).Width;
        }
    }

    /// <summary>The text cut where it changes between Chinese (CJK) characters and others, in order.</summary>
    public static IEnumerable<(string Text, bool Chinese)> Runs(string text)
    {
        var run = new StringBuilder();
        var chinese = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // Spaces and a low surrogate stay in the run they are in; a supplementary character (a rare ideograph) is CJK.
            var isChinese = c == ' ' || char.IsLowSurrogate(c) ? chinese : IsCjk(c) || char.IsHighSurrogate(c);
            if (run.Length > 0 && isChinese != chinese)
            {
                yield return (run.ToString(), chinese);
                run.Clear();
            }
            chinese = isChinese;
            run.Append(c);
        }
        if (run.Length > 0)
        {
            yield return (run.ToString(), chinese);
        }
    }

    /// <summary>CJK radicals to ideographs (with Chinese punctuation, kana, Yi), Hangul, compatibility ideographs and forms, full-width forms.</summary>
    public static bool IsCjk(char c) =>
        c is >= '\u2e80' and <= '\ua4cf' or >= '\uac00' and <= '\ud7af' or >= '\uf900' and <= '\ufaff'
            or >= '\ufe30' and <= '\ufe4f' or >= '\uff00' and <= '\uffef';

    private static double AscentOf(XFont font) => font.Metrics.Ascent * font.Size / font.Metrics.UnitsPerEm;
}
