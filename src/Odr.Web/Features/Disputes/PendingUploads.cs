using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Odr.Web.Infrastructure.Storage;

namespace Odr.Web.Features.Disputes;

/// <summary>A file kept from a filing form that was refused, as the form shows it again.</summary>
public sealed record PendingUpload(string Token, string FileName, long SizeBytes);

/// <summary>
/// Evidence files kept across a refused filing form, so that a buyer who mistyped a date does not lose the photos they
/// attached. A kept file lies, checked and hashed as any staged upload, in the evidence store's <c>pending/</c> folder
/// under its owner's account, named by a random token that the form carries in a hidden field; only its owner's
/// token finds it. Filing moves it into place like a fresh upload. Kept files are removed after a day.
/// </summary>
public sealed partial class PendingUploads(EvidenceStore store, TimeProvider time)
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    private sealed record Sidecar(string FileName, string Description, long SizeBytes, string Sha256, string MediaType);

    /// <summary>Moves a staged file into the owner's pending folder and returns its token.</summary>
    public PendingUpload Keep(Guid owner, StagedEvidence staged)
    {
        var folder = FolderOf(owner);
        Directory.CreateDirectory(folder);
        RemoveExpired(folder);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = Path.Combine(folder, token);
        File.Move(staged.StagingPath, path);
        File.WriteAllText(path + ".json", JsonSerializer.Serialize(new Sidecar(staged.FileName, staged.Description,
            staged.File.SizeBytes, staged.File.Sha256, staged.File.Kind.MediaType)));
        return new PendingUpload(token, staged.FileName, staged.File.SizeBytes);
    }

    /// <summary>The owner's kept file for <paramref name="token"/>, ready to be filed, or none (unknown, expired or another's).</summary>
    public (StagedEvidence Staged, PendingUpload Shown)? Find(Guid owner, string? token, string description)
    {
        if (token is null || !TokenShape().IsMatch(token))
        {
            return null;
        }
        var path = Path.Combine(FolderOf(owner), token);
        try
        {
            if (!File.Exists(path) || JsonSerializer.Deserialize<Sidecar>(File.ReadAllText(path + ".json")) is not { } sidecar
                || ContentSniffer.Accepted.FirstOrDefault(k => k.MediaType == sidecar.MediaType) is not { } kind)
            {
                return null;
            }
            var staged = new StagedEvidence(new StoredFile(sidecar.SizeBytes, sidecar.Sha256, kind), path, sidecar.FileName, description);
            return (staged, new PendingUpload(token, sidecar.FileName, sidecar.SizeBytes));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Removes a kept file's description once the file itself was filed (moved into place) or given up.</summary>
    public void Forget(Guid owner, string token)
    {
        if (TokenShape().IsMatch(token))
        {
            var path = Path.Combine(FolderOf(owner), token);
            EvidenceStore.Discard(path);
            EvidenceStore.Discard(path + ".json");
        }
    }

    private string FolderOf(Guid owner) => Path.Combine(store.Root, "pending", owner.ToString("N"));

    private void RemoveExpired(string folder)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - KeptFor;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (File.GetLastWriteTimeUtc(file) < cutoff)
            {
                EvidenceStore.Discard(file);
            }
        }
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TokenShape();
}
