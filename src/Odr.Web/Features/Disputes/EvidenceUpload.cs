using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Storage;

namespace Odr.Web.Features.Disputes;

/// <summary>
/// Reads a multipart evidence upload (<c>file</c> + <c>description</c>) by streaming, so a file over the limit is
/// refused as soon as it passes it, and nothing is buffered in memory or in a temporary form file.
/// </summary>
public static class EvidenceUpload
{
    /// <summary>Room for the multipart headers and the description around the file itself.</summary>
    private const long EnvelopeBytes = 64 * 1024;

    public static async Task<StagedEvidence> ReadAsync(HttpRequest request, EvidenceStore store, long maxBytes, CancellationToken ct)
    {
        var sizeLimit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false })
        {
            sizeLimit.MaxRequestBodySize = maxBytes + EnvelopeBytes;
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new DomainException(DomainErrorCode.InvalidValue, "Send the evidence as multipart/form-data with a 'file' part.", "file");
        }

        var reader = new MultipartReader(boundary, request.Body);
        string? description = null;
        (StoredFile File, string StagingPath, string FileName)? staged = null;
        string? fileName;
        try
        {
            while (await SenderErrors.OfAsync(() => reader.ReadNextSectionAsync(ct)) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "file" && disposition.IsFileDisposition() && staged is null)
                {
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    staged = await StageAsync(store, new SenderErrors(section.Body), fileName, section.ContentType, maxBytes, ct);
                }
                else if (name == "description")
                {
                    using var text = new StreamReader(new SenderErrors(section.Body), Encoding.UTF8);
                    var buffer = new char[Evidence.DescriptionMaxLength + 1];
                    var read = await text.ReadBlockAsync(buffer, ct);
                    if (read > Evidence.DescriptionMaxLength)
                    {
                        throw new DomainException(DomainErrorCode.InvalidValue,
                            $"The description has at most {Evidence.DescriptionMaxLength} characters.", "description");
                    }
                    description = new string(buffer, 0, read).Trim();
                    if (!PlainText.IsValid(description))
                    {
                        throw new DomainException(DomainErrorCode.InvalidValue, PlainText.Refusal, "description");
                    }
                }
            }
            if (staged is not { } file)
            {
                throw new DomainException(DomainErrorCode.InvalidValue, "A 'file' part is required.", "file");
            }
            return new StagedEvidence(file.File, file.StagingPath, file.FileName, description ?? "");
        }
        catch
        {
            if (staged is { } file)
            {
                EvidenceStore.Discard(file.StagingPath);
            }
            throw;
        }
    }

    /// <summary>
    /// Streams one uploaded file into staging, hashing and sniffing it, and refuses it (415) when its name or declared
    /// type contradicts its content. Every way in (API, filing form, case page) goes through here.
    /// </summary>
    public static async Task<(StoredFile File, string StagingPath, string FileName)> StageAsync(EvidenceStore store, Stream content,
        string? fileName, string? declaredType, long maxBytes, CancellationToken ct)
    {
        var (file, path) = await store.StageAsync(content, maxBytes, ct);
        // The extension is judged on the name as it will be shown: a bidi override cannot hide the real one.
        var displayName = SafeDisplayName(fileName);
        if (!ContentSniffer.ClaimsAgree(file.Kind, displayName, declaredType))
        {
            EvidenceStore.Discard(path);
            throw new EvidenceStoreException(StoreFailure.UnsupportedContent,
                $"The file's content is {file.Kind.MediaType}, which does not match its name or declared type; "
                + $"such a file's name ends in {string.Join(", ", file.Kind.Extensions)}, or has no extension.");
        }
        return (file, path, displayName);
    }

    /// <summary>Stages a file posted through a page's form.</summary>
    public static async Task<StagedEvidence> StageAsync(EvidenceStore store, IFormFile upload, string description, long maxBytes,
        CancellationToken ct)
    {
        await using var content = upload.OpenReadStream();
        var (file, path, name) = await StageAsync(store, content, upload.FileName, upload.ContentType, maxBytes, ct);
        return new StagedEvidence(file, path, name, description);
    }

    /// <summary>
    /// A part's body whose read errors are the sender's: the multipart reader throws <see cref="InvalidDataException"/> for
    /// a line or headers over its limits (16 KiB) and <see cref="IOException"/> for a body that ends before its closing
    /// boundary. They become 400 naming the file, as any other malformed upload. Errors of our own, such as the disk
    /// refusing the staging file, happen outside this stream and keep their meaning; so does Kestrel's own
    /// <see cref="BadHttpRequestException"/> (a body over the limit is 413).
    /// </summary>
    private sealed class SenderErrors(Stream body) : Stream
    {
        public static async Task<T> OfAsync<T>(Func<Task<T>> read)
        {
            try
            {
                return await read();
            }
            catch (Exception e) when (e is InvalidDataException or IOException and not BadHttpRequestException)
            {
                throw new DomainException(DomainErrorCode.InvalidValue, $"The upload is malformed or cut off: {e.Message}", "file");
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            await OfAsync(async () => await body.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        // ASP.NET Core refuses synchronous reads of a request body, and nothing here makes them.
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>
    /// The uploader's file name reduced to something safe to show: no folders, and one line of <see cref="PlainText"/>
    /// (no control characters, no bidi overrides that would show <c>Receipt_\u202Efdp.hta</c> as <c>Receipt_ath.pdf</c>).
    /// </summary>
    public static string SafeDisplayName(string? name)
    {
        var baseName = Path.GetFileName(PlainText.ToSingleLine(name ?? "").Replace('\\', '/'));
        var cleaned = baseName.Trim();
        if (cleaned.Length == 0 || cleaned is "." or "..")
        {
            return "evidence";
        }
        return cleaned.Length > Evidence.FileNameMaxLength ? cleaned[..Evidence.FileNameMaxLength] : cleaned;
    }
}
