using Microsoft.Extensions.Logging;

namespace Odr.Web.Infrastructure.Storage;

/// <summary>
/// A file the database names but the disk does not give back: removed behind the service's back, or its folder not
/// mounted or not readable (nodes share the data folder, so a missing mount shows up here). Not the reader's fault:
/// the API answers 503 ProblemDetails, the pages a page that says so, and the audit check names the file.
/// </summary>
public sealed class StoredFileUnreadableException(string what, bool missing, Exception inner)
    : Exception($"The {what} cannot be read from storage at the moment. The operators have been told; please try again later.", inner)
{
    /// <summary>The file is not there at all (as opposed to being there but unreadable).</summary>
    public bool Missing { get; } = missing;
}

/// <summary>Reading the files the stores keep: one place that turns the disk's refusal into <see cref="StoredFileUnreadableException"/>.</summary>
public static class StoredFiles
{
    /// <summary>
    /// The <c>Retry-After</c> seconds sent when storage fails (full, refusing writes or unreadable): a disk is not
    /// freed, remounted or restored in seconds.
    /// </summary>
    public const string RetryAfterSeconds = "300";

    /// <summary>Opens <paramref name="path"/> for reading; <paramref name="what"/> names the file for people ("evidence file").</summary>
    public static Stream OpenRead(string path, string what, ILogger logger)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var missing = e is FileNotFoundException or DirectoryNotFoundException;
            logger.LogError(e, "The {What} {Path} cannot be read: it is {Condition}", what, path, missing ? "missing" : "unreadable");
            throw new StoredFileUnreadableException(what, missing, e);
        }
    }
}
