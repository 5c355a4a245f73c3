using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace Odr.Web.Tests;

/// <summary>
/// The README's run command (<c>dotnet run --project src/Odr.Web</c>) started as a real process, as a newcomer
/// would: it must create and migrate its database, seed the demo accounts and answer <c>/healthz</c>. Only the
/// port and data folder differ, so the test neither collides with a running copy nor writes into the checkout.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("odr-run-").FullName;

    [Fact]
    public async Task ReadmeRunCommand_ServesHealthzAndTheSeededDemoAccounts()
    {
        var port = FreePort();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ArchitectureTests.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "run", "--no-build", "-c", configuration, "--project", "src/Odr.Web", "--", "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["Odr__Storage__DataDirectory"] = _dataDirectory;
        start.Environment["ConnectionStrings__Odr"] = $"Data Source={Path.Combine(_dataDirectory, "odr.db")}";

        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var healthy = false;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!healthy && DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    healthy = (await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(250);
                }
            }
            Assert.True(healthy, $"/healthz never answered 200. Output:\n{output}");

            var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "buyer@demo.odr", password = "Odr-demo-2026!" });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.True(File.Exists(Path.Combine(_dataDirectory, "odr.db")));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The killed process may still hold the database for a moment; the OS cleans temp folders.
        }
    }
}
