using System.Diagnostics;

namespace Odr.Web.Tests;

/// <summary>
/// A small tmpfs mounted over a folder: a real disk that fills up after a few bytes and can be remounted read-only,
/// for the service's own folders. Mounting needs root (CAP_SYS_ADMIN), which the test machines and CI run as.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path, long bytes)
    {
        Path = path;
        Bytes = bytes;
    }

    public string Path { get; }

    public long Bytes { get; }

    public static SmallDisk Mount(string path, long bytes)
    {
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={bytes},mode=0700", "odr-test-disk", path);
        return new SmallDisk(path, bytes);
    }

    /// <summary>Remounts it read-only (<paramref name="readOnly"/>) or writable again; what it holds stays.</summary>
    public void SetReadOnly(bool readOnly) => Run("mount", "-o", readOnly ? "remount,ro" : "remount,rw", Path);

    /// <summary>The bytes free on it now.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Trim()} — the disk tests mount a tmpfs, which needs root.");
        }
    }

    private bool _unmounted;

    /// <summary>Detached at once (lazily), even if the service still holds a file there.</summary>
    public void Dispose()
    {
        if (!_unmounted)
        {
            _unmounted = true;
            Run("umount", "--lazy", Path);
        }
    }
}
