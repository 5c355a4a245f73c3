using System.Net.Http.Headers;
using System.Text;

namespace Odr.Web.Tests;

/// <summary>Evidence files and the multipart form the evidence endpoint takes.</summary>
public static class EvidenceUploads
{
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    /// <summary>The start of a PNG (signature and header chunk), which is what the content sniffer reads.</summary>
    public static readonly byte[] PngStart = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    /// <summary>A PNG of <paramref name="size"/> bytes: its start, then zeros.</summary>
    public static byte[] Png(int size)
    {
        var png = new byte[Math.Max(size, PngStart.Length)];
        PngStart.CopyTo(png, 0);
        return png;
    }

    public static MultipartFormDataContent Upload(byte[] content, string fileName, string? contentType = null, string? description = "Tracking page")
    {
        var file = new ByteArrayContent(content);
        if (contentType is not null)
        {
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        if (description is not null)
        {
            form.Add(new StringContent(description), "description");
        }
        return form;
    }
}
