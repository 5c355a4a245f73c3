using System.Diagnostics;

namespace Odr.Web.Tests;

/// <summary>poppler-utils' tools (installed by scripts/test.sh): read a PDF's text, check its signature.</summary>
public static class Poppler
{
    public static async Task<string> TextAsync(byte[] pdf) => (await RunAsync("pdftotext", pdf, "-layout", "{file}", "-")).Output;

    /// <summary>pdffonts' table: each font's name (a subset's has a six-letter prefix), type, and whether it is embedded.</summary>
    public static async Task<string> FontsAsync(byte[] pdf) => (await RunAsync("pdffonts", pdf, "{file}")).Output;

    /// <summary>pdfsig's report and whether it says every signature is valid.</summary>
    public static async Task<(bool Valid, string Report)> SignatureAsync(byte[] pdf)
    {
        var (output, _) = await RunAsync("pdfsig", pdf, "{file}");
        return (output.Contains("Signature is Valid", StringComparison.Ordinal) && !output.Contains("Signature is Invalid", StringComparison.Ordinal), output);
    }

    private static async Task<(string Output, int ExitCode)> RunAsync(string tool, byte[] pdf, params string[] arguments)
    {
        var path = $"/usr/bin/{tool}";
        Assert.True(File.Exists(path), $"{tool} is missing: run ./scripts/test.sh, which installs poppler-utils.");
        var file = Path.Combine(Path.GetTempPath(), $"odr-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument == "{file}" ? file : argument);
            }
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (output + error, process.ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
