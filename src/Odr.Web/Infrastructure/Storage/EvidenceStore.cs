using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
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
    /// <summary>The disk (or the folder's quota) is full.</summary>
    StorageFull,
    /// <summary>The disk refuses writes for another reason, such as being mounted read-only.</summary>
    StorageUnavailable,
}

public sealed class EvidenceStoreException(StoreFailure failure, string message) : Exception(message)
{
    public StoreFailure Failure { get; } = failure;
}

/// <summary>
/// Evidence files on disk, outside the web root, under names the service makes from ids (never the uploader's
/// name). Written to a temporary file, hashed while streaming, then moved into place. A disk that is full or refuses
/// writes is the uploader's clear error (<see cref="StoreFailure.StorageFull"/>, <see cref="StoreFailure.StorageUnavailable"/>)
/// and the operators' logged one; nothing is recorded for a file that was not stored.
/// </summary>
public sealed class EvidenceStore(string root, ILogger<EvidenceStore> logger)
{
    public string Root { get; } = root;

    /// <summary>
    /// Streams <paramref name="content"/> into a staging file, hashing and sniffing it. Then <see cref="Commit"/> it
    /// before saving the record that names it (and <see cref="Delete"/> it if that save fails), or <see cref="Discard"/> it.
    /// </summary>
    public async Task<(StoredFile File, string StagingPath)> StageAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        var staging = Path.Combine(Root, "staging");
        var stagingPath = Path.Combine(staging, Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(staging);
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
        catch (Exception e) when (WriteRefusal(e) is { } refusal)
        {
            Discard(stagingPath);
            throw Refused(refusal, e);
        }
        catch
        {
            Discard(stagingPath);
            throw;
        }
    }

    public void Commit(string stagingPath, DisputeId disputeId, EvidenceId evidenceId)
    {
        var target = PathOf(disputeId, evidenceId);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(stagingPath, target, overwrite: false);
        }
        catch (Exception e) when (WriteRefusal(e) is { } refusal)
        {
            throw Refused(refusal, e);
        }
    }

    /// <summary>
    /// Removes a staging file, if it is still there. Best effort: on a disk that turned read-only it stays, which is
    /// harmless (no record names it and nothing serves it), and must not hide the error the caller is handling.
    /// </summary>
    public static void Discard(string stagingPath) => DeleteQuietly(stagingPath);

    /// <summary>Removes a committed file whose database record was never saved (best effort, as <see cref="Discard"/>).</summary>
    public void Delete(DisputeId disputeId, EvidenceId evidenceId) => DeleteQuietly(PathOf(disputeId, evidenceId));

    /// <summary>Opens a committed file; a missing or unreadable one is <see cref="StoredFileUnreadableException"/>.</summary>
    public Stream OpenRead(DisputeId disputeId, EvidenceId evidenceId) => StoredFiles.OpenRead(PathOf(disputeId, evidenceId), "evidence file", logger);

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Whether <paramref name="e"/> is the disk refusing a write, and how. On Linux an I/O error's HResult is its errno:
    /// ENOSPC 28 and EDQUOT 122 mean full, EROFS 30 read-only; on Windows ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL and
    /// ERROR_WRITE_PROTECT. A folder the service may not write to is an <see cref="UnauthorizedAccessException"/>. Other
    /// I/O errors, such as the client breaking off the upload, are not the disk's.
    /// </summary>
    private static StoreFailure? WriteRefusal(Exception e) => e switch
    {
        IOException { HResult: 28 or 122 or unchecked((int)0x80070070) or unchecked((int)0x80070027) } => StoreFailure.StorageFull,
        IOException { HResult: 30 or unchecked((int)0x80070013) } => StoreFailure.StorageUnavailable,
        UnauthorizedAccessException => StoreFailure.StorageUnavailable,
        _ => null,
    };

    private EvidenceStoreException Refused(StoreFailure refusal, Exception e)
    {
        var full = refusal == StoreFailure.StorageFull;
        logger.LogError(e, "Evidence could not be stored under {Root}: the disk is {Condition}", Root, full ? "full" : "refusing writes");
        return new EvidenceStoreException(refusal, full
            ? "There is no room to store evidence at the moment, so this file was not saved. Nothing else changed; please try again later."
            : "Evidence cannot be stored at the moment, so this file was not saved. Nothing else changed; please try again later.");
    }

    private string PathOf(DisputeId disputeId, EvidenceId evidenceId) =>
        Path.Combine(Root, disputeId.Value.ToString("N"), evidenceId.Value.ToString("N"));
}
