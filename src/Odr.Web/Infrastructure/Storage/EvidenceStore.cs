using System.Security.Cryptography;
using Odr.Domain.Disputes;

namespace Odr.Web.Infrastructure.Storage;

public sealed class EvidenceOptions
{
    /// <summary>The largest evidence file accepted, in bytes. Default 10 MiB.</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;
}

/// <summary>A stored file: its size, hash and the kind its content shows.</summary>
public sealed record StoredFile(long SizeBytes, string Sha256, EvidenceFileKind Kind);

public enum StoreFailure
{
    TooLarge,
    Empty,
    UnsupportedContent,
}

public sealed class EvidenceStoreException(StoreFailure failure, string message) : Exception(message)
{
    public StoreFailure Failure { get; } = failure;
}

/// <summary>
/// Evidence files on disk, outside the web root, under names the service makes from ids (never the uploader's
/// name). Written to a temporary file, hashed while streaming, then moved into place.
/// </summary>
public sealed class EvidenceStore(string root)
{
    public string Root { get; } = root;

    /// <summary>
    /// Streams <paramref name="content"/> into a staging file, hashing and sniffing it. Call <see cref="Commit"/>
    /// after the database commit, or <see cref="Discard"/> if it fails.
    /// </summary>
    public async Task<(StoredFile File, string StagingPath)> StageAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        var staging = Path.Combine(Root, "staging");
        Directory.CreateDirectory(staging);
        var stagingPath = Path.Combine(staging, Guid.NewGuid().ToString("N"));
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var head = new byte[ContentSniffer.HeadLength];
            var headLength = 0;
            long total = 0;
            var buffer = new byte[81920];
            await using (var output = new FileStream(stagingPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, useAsync: true))
            {
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new EvidenceStoreException(StoreFailure.TooLarge, $"An evidence file may be at most {maxBytes / (1024 * 1024)} MiB.");
                    }
                    if (headLength < head.Length)
                    {
                        var take = Math.Min(read, head.Length - headLength);
                        Array.Copy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }
                    sha.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                await output.FlushAsync(ct);
                output.Flush(flushToDisk: true);
            }
            if (total == 0)
            {
                throw new EvidenceStoreException(StoreFailure.Empty, "The file is empty.");
            }
            var kind = ContentSniffer.Sniff(head.AsSpan(0, headLength))
                ?? throw new EvidenceStoreException(StoreFailure.UnsupportedContent,
                    "Evidence must be a PDF, an image (PNG, JPEG, GIF, WebP) or UTF-8 text; this file's content is none of these.");
            return (new StoredFile(total, Convert.ToHexStringLower(sha.GetHashAndReset()), kind), stagingPath);
        }
        catch
        {
            File.Delete(stagingPath);
            throw;
        }
    }

    public void Commit(string stagingPath, DisputeId disputeId, EvidenceId evidenceId)
    {
        var target = PathOf(disputeId, evidenceId);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(stagingPath, target, overwrite: false);
    }

    public static void Discard(string stagingPath) => File.Delete(stagingPath);

    /// <summary>Removes a committed file whose database record was never saved.</summary>
    public void Delete(DisputeId disputeId, EvidenceId evidenceId) => File.Delete(PathOf(disputeId, evidenceId));

    public Stream OpenRead(DisputeId disputeId, EvidenceId evidenceId) =>
        new FileStream(PathOf(disputeId, evidenceId), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);

    private string PathOf(DisputeId disputeId, EvidenceId evidenceId) =>
        Path.Combine(Root, disputeId.Value.ToString("N"), evidenceId.Value.ToString("N"));
}
