using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Signatures;
using PdfSharp.Snippets.Pdf;
using QRCoder;

namespace Odr.Web.Infrastructure.Pdf;

/// <summary>
/// A flowing A4 document: headings, label/value rows, paragraphs that wrap (between words, and between Chinese
/// characters, which have no spaces), a QR code, page numbers, and a PKCS#7 detached signature over the result.
/// </summary>
public sealed class PdfWriter : IDisposable
{
    private const double Margin = 56;
    private const double FooterHeight = 28;
    private readonly PdfDocument _document = new();
    private readonly DocumentText _body = new(10);
    private readonly DocumentText _bold = new(10, bold: true);
    private readonly DocumentText _heading = new(13, bold: true);
    private readonly DocumentText _title = new(17, bold: true);
    private readonly DocumentText _small = new(8);
    private readonly Dictionary<DocumentText, LineBreaker> _breakers = [];
    private XGraphics _graphics = null!;
    private PdfPage _page = null!;
    private double _y;
    private readonly List<string> _texts = [];

    public PdfWriter(string title, string subject)
    {
        _document.Info.Title = title;
        _document.Info.Subject = subject;
        _document.Info.Author = "ODR Service";
        _document.Info.Creator = "ODR Service";
        NewPage();
    }

    private double Width => _page.Width.Point - 2 * Margin;

    /// <summary>Every text written so far, as given (before wrapping): what the document says, for a test to read.</summary>
    public IReadOnlyList<string> Texts => _texts;

    public void Title(string text)
    {
        Paragraph(text, _title, 6);
    }

    public void Heading(string text)
    {
        Space(8);
        Paragraph(text, _heading, 4);
        _graphics.DrawLine(new XPen(XColors.Gray, 0.5), Margin, _y, Margin + Width, _y);
        Space(4);
    }

    /// <summary>A label and its value side by side; the value wraps within its column.</summary>
    public void Row(string label, string value)
    {
        var labelWidth = Width * 0.32;
        var labelLines = Wrap(label, _bold, labelWidth - 6);
        var valueLines = Wrap(value, _body, Width - labelWidth);
        var lineHeight = _body.LineHeight * 1.15;
        var height = Math.Max(labelLines.Count, valueLines.Count) * lineHeight;
        EnsureRoom(Math.Min(height, lineHeight * 3));
        for (var i = 0; i < Math.Max(labelLines.Count, valueLines.Count); i++)
        {
            EnsureRoom(lineHeight);
            if (i < labelLines.Count)
            {
                _bold.Draw(_graphics, labelLines[i], XBrushes.DimGray, Margin, _y);
            }
            if (i < valueLines.Count)
            {
                _body.Draw(_graphics, valueLines[i], XBrushes.Black, Margin + labelWidth, _y);
            }
            _y += lineHeight;
        }
        Space(2);
    }

    public void Paragraph(string text) => Paragraph(text, _body, 4);

    public void Small(string text) => Paragraph(text, _small, 2);

    public void Space(double points) => _y += points;

    /// <summary>A QR code of <paramref name="content"/>, drawn as rectangles (crisp at any zoom), with a caption beside it.</summary>
    public void QrCode(string content, string caption)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        const double size = 96;
        var cell = size / modules.Count;
        EnsureRoom(size + 8);
        var top = _y;
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules.Count; column++)
            {
                if (modules[row][column])
                {
                    _graphics.DrawRectangle(XBrushes.Black, Margin + column * cell, top + row * cell, cell, cell);
                }
            }
        }
        var captionLines = Wrap(caption, _body, Width - size - 16);
        var lineHeight = _body.LineHeight * 1.15;
        for (var i = 0; i < captionLines.Count; i++)
        {
            _body.Draw(_graphics, captionLines[i], XBrushes.Black, Margin + size + 16, top + i * lineHeight);
        }
        _y = top + Math.Max(size, captionLines.Count * lineHeight) + 8;
    }

    /// <summary>Adds page numbers and the footer, signs, and returns the PDF's bytes.</summary>
    /// <param name="pageOf">The page number's text in the document's language, a format with {0} (the page) and {1} (the count).</param>
    public byte[] SignAndSave(string footer, string pageOf, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        _graphics.Dispose();
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var graphics = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
            var page = _document.Pages[i];
            var text = $"{footer} · {string.Format(CultureInfo.CurrentCulture, pageOf, i + 1, count)}";
            if (i == 0)
            {
                _texts.Add(text);
            }
            var width = _small.Measure(graphics, text);
            _small.Draw(graphics, text, XBrushes.DimGray, (page.Width.Point - width) / 2, page.Height.Point - Margin + 8);
        }
        var signer = new PdfSharpDefaultSigner(certificate, PdfMessageDigestType.SHA256, null);
        DigitalSignatureHandler.ForDocument(_document, signer, new DigitalSignatureOptions
        {
            Reason = "Issued by the ODR Service",
            Location = "ODR Service",
            ContactInfo = "ODR Service",
            AppName = "ODR Service",
            PageIndex = 0,
            Rectangle = new XRect(0, 0, 0, 0),
        });
        using var output = new MemoryStream();
        _document.Save(output, closeStream: false);
        return output.ToArray();
    }

    public void Dispose()
    {
        _graphics.Dispose();
        _document.Dispose();
    }

    private void Paragraph(string text, DocumentText font, double after)
    {
        var lineHeight = font.LineHeight * 1.2;
        foreach (var line in Wrap(text, font, Width))
        {
            EnsureRoom(lineHeight);
            font.Draw(_graphics, line, XBrushes.Black, Margin, _y);
            _y += lineHeight;
        }
        _y += after;
    }

    private void EnsureRoom(double height)
    {
        if (_y + height > _page.Height.Point - Margin - FooterHeight)
        {
            _graphics.Dispose();
            NewPage();
        }
    }

    private void NewPage()
    {
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    /// <summary>Lines no wider than <paramref name="width"/> (<see cref="LineBreaker"/>), one breaker per font to keep its widths.</summary>
    private List<string> Wrap(string text, DocumentText font, double width)
    {
        _texts.Add(text);
        if (!_breakers.TryGetValue(font, out var breaker))
        {
            breaker = new LineBreaker(s => font.Measure(_graphics, s));
            _breakers[font] = breaker;
        }
        return breaker.Wrap(text, width);
    }
}
