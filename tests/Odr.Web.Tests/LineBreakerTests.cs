using Odr.Web.Infrastructure.Pdf;
using PdfSharp.Drawing;

namespace Odr.Web.Tests;

/// <summary>The documents' line breaking: lines within the width, nothing lost, and work linear in the text's length.</summary>
public class LineBreakerTests
{
    /// <summary>A measure that counts its work: every character it is asked to measure. Each character is 5 points wide.</summary>
    private sealed class CountingMeasure
    {
        public long CharactersMeasured { get; private set; }

        public double Measure(string text)
        {
            CharactersMeasured += text.Length;
            return text.Length * 5.0;
        }
    }

    private static (List<string> Lines, long Work) Wrap(string text, double width = 100)
    {
        var measure = new CountingMeasure();
        var lines = new LineBreaker(measure.Measure).Wrap(text, width);
        return (lines, measure.CharactersMeasured);
    }

    public static TheoryData<string, Func<int, string>> Texts => new()
    {
        { "one unbroken word", n => new string('x', n) },
        { "one word of distinct characters", n => string.Concat(Enumerable.Range(0, n).Select(i => (char)('a' + i % 26))) },
        { "Chinese without spaces", n => string.Concat(Enumerable.Range(0, n).Select(i => (char)('一' + i % 500))) },
        { "ordinary words", n => string.Concat(Enumerable.Repeat("word ", n / 5)) },
        { "long words among short ones", n => string.Concat(Enumerable.Repeat("see " + new string('y', 95) + " ", n / 100)) },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Wrap_MeasuresEachCharacterAboutOnce_SoItsWorkGrowsLinearly(string what, Func<int, string> text)
    {
        var (_, small) = Wrap(text(2_000));
        var (lines, large) = Wrap(text(20_000));

        // The old wrapper re-measured growing prefixes of a long word: 20,000 characters cost ~10^9 measured characters.
        Assert.True(large <= 2 * 20_000, $"{what}: {large} characters measured for 20,000");
        Assert.True(large <= 10 * small * 2, $"{what}: {small} characters measured for 2,000 but {large} for 20,000");
        Assert.All(lines, line => Assert.True(line.Length * 5.0 <= 100, $"{what}: a line of {line.Length} characters is wider than 100 points"));
        Assert.Equal(text(20_000).Replace(" ", "", StringComparison.Ordinal), string.Concat(lines).Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Wrap_BreaksAtSpacesBetweenChineseCharactersAndInsideTooLongWords()
    {
        var breaker = new LineBreaker(text => text.Length * 5.0);

        Assert.Equal(["The seller", "never", "shipped it."], breaker.Wrap("The seller never shipped it.", 55));
        Assert.Equal(["卖家从未", "发货。"], breaker.Wrap("卖家从未发货。", 20));
        Assert.Equal(["see", "xxxxxxxxx", "x end"], breaker.Wrap("see xxxxxxxxxx end", 45));
        Assert.Equal(["First.", "", "  Second."], breaker.Wrap("First.\n\n  Second.", 100));
        // A surrogate pair (an emoji) is one character, never split.
        Assert.Equal(["a\U0001F600", "b"], new LineBreaker(text => text.Length * 5.0).Wrap("a\U0001F600b", 15));
    }

    [Fact]
    public void TheDocumentFont_AddsUpGlyphWidths_SoALinesWidthIsTheSumOfItsParts()
    {
        var font = DocumentFont.Find(null);
        Assert.NotNull(font);
        font.InstallOnce();
        using var graphics = XGraphics.CreateMeasureContext(new XSize(595, 842), XGraphicsUnit.Point, XPageDirection.Downwards);
        var body = new DocumentText(10);
        foreach (var text in new[] { "AVAWAY To Wa fi ff", "卖家从未发货。Refund 59.90 EUR", "The seller never shipped it." })
        {
            var parts = text.Select(c => body.Measure(graphics, c.ToString())).Sum();
            Assert.Equal(body.Measure(graphics, text), parts, 6);
        }
    }

    [Fact]
    public void TheDocumentFont_IsProportionalForLatin_AndSplitsLinesIntoRunsByScript()
    {
        var font = DocumentFont.Find(null);
        Assert.NotNull(font);
        font.InstallOnce();
        using var graphics = XGraphics.CreateMeasureContext(new XSize(595, 842), XGraphicsUnit.Point, XPageDirection.Downwards);
        var body = new DocumentText(10);
        // In the fixed-width Chinese fonts' Latin an "l" is as wide as an "m" (and looks like a "1").
        Assert.True(body.Measure(graphics, "l") * 2 < body.Measure(graphics, "m"));
        Assert.Equal([("Award ", false), ("裁决书： ", true), ("ODR-1", false)], DocumentText.Runs("Award 裁决书： ODR-1"));
        Assert.Equal([("卖家 发货", true)], DocumentText.Runs("卖家 发货"));
    }
}
