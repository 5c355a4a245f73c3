using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Odr.Bench;

/// <summary>
/// The service's Release build as a real process (<c>dotnet Odr.Web.dll</c>, Production environment) on a loopback port,
/// with its data in a folder of its own. Logging is kept to warnings so the console is not what is measured.
/// </summary>
public sealed class BenchServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BenchServer(Process process, int port, string dataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "odr.db");

    public int ProcessId => _process.Id;

    /// <summary>The Release build of the service, next to this program's own Release build.</summary>
    public static string ServiceAssembly => Path.Combine(Repository.Root, "src", "Odr.Web", "bin", "Release", "net10.0", "Odr.Web.dll");

    public static async Task<BenchServer> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        if (!File.Exists(ServiceAssembly))
        {
            throw new InvalidOperationException($"{ServiceAssembly} is missing: run the benchmarks with `dotnet run -c Release` (bench/README.md).");
        }
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(ServiceAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServiceAssembly);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Odr__Storage__DataDirectory"] = dataDirectory,
            ["Odr__Demo__Seed"] = "true",
            // The load generator signs in hundreds of users from one address; the sign-in limit is for people.
            ["Odr__RateLimits__SignInPerMinute"] = "1000000",
            ["Odr__PublicBaseUrl"] = $"http://127.0.0.1:{port}",
        };
        foreach (var (key, value) in BenchDatabase.ServiceSettings(dataDirectory).Concat(settings ?? new Dictionary<string, string>()))
        {
            environment[key] = value;
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var server = new BenchServer(Process.Start(start)!, port, dataDirectory);
        await server.WaitHealthyAsync(TimeSpan.FromMinutes(5));
        return server;
    }

    public HttpClient CreateClient(int connections = 64) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Workflow work not yet done: pending signals and commands (e-mails, documents, live updates).</summary>
    public long WorkflowBacklog()
    {
        using var connection = BenchDatabase.Open(DataDirectory, readOnly: true);
        return BenchDatabase.Scalar(connection, """
            SELECT (SELECT count(*) FROM "WorkflowSignals" WHERE "Status" = 'Pending') + (SELECT count(*) FROM "WorkflowCommands" WHERE "Status" = 'Pending');
            """);
    }

    /// <summary>Waits until the work of earlier phases is done, so it does not run inside the next measurement.</summary>
    public async Task WaitForIdleAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (WorkflowBacklog() > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
    }

    /// <summary>The server's resident set size (VmRSS) in MiB, read from /proc.</summary>
    public double ResidentMegabytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kilobytes / 1024.0;
            }
        }
        throw new InvalidOperationException("No VmRSS line.");
    }

    /// <summary>User plus system CPU seconds the server has used (from /proc/pid/stat).</summary>
    public double CpuSeconds()
    {
        var fields = File.ReadAllText($"/proc/{_process.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private async Task WaitHealthyAsync(TimeSpan limit)
    {
        using var client = CreateClient(1);
        client.Timeout = TimeSpan.FromSeconds(5);
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if ((await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"The service never became healthy. Output:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>
    /// A service that logged an error leaves its output in a file that outlives the run's data folder, named on the
    /// console: a failed request (a 500) says only its trace id, and the reason is in the service's log.
    /// </summary>
    private void KeepOutputWithErrors()
    {
        var output = Output;
        // Production logs one JSON object a line.
        if (!output.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) && !output.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal))
        {
            return;
        }
        var file = Path.Combine(Path.GetTempPath(), $"odr-bench-service-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{BaseAddress.Port}.log");
        File.WriteAllText(file, output);
        Console.WriteLine($"the service at {BaseAddress} logged errors: {file}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A graceful stop (SIGTERM), as an operator's restart would do.</summary>
    public async ValueTask DisposeAsync()
    {
        KeepOutputWithErrors();
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }
}

public static class Repository
{
    /// <summary>The folder holding Odr.sln, found upwards from this program.</summary>
    public static string Root { get; } = Find(AppContext.BaseDirectory);

    private static string Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Odr.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Odr.sln not found above " + start);
    }
}
