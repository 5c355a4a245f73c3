using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Odr.Web.Tests;

/// <summary>
/// The service as a real process started with the README's run command (<c>./scripts/run.sh</c>, with
/// <c>--no-build</c>: the test run built it), on a free loopback port, with its data in a folder the test owns.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    /// <summary>Texts a test waits to see in the output, each with what completes when a line carries it.</summary>
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

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

    public static async Task<ServiceProcess> StartAsync(string dataDirectory, TestDatabase database, IDictionary<string, string>? environment = null,
        int? port = null)
    {
        var service = Start(dataDirectory, database, environment, port);
        await service.WaitHealthyAsync();
        return service;
    }

    /// <summary>Starts the process without waiting for it to become healthy (see <see cref="WaitHealthyAsync"/>).</summary>
    public static ServiceProcess Start(string dataDirectory, TestDatabase database, IDictionary<string, string>? environment = null, int? port = null)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        var chosenPort = port ?? FreePort();
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = ArchitectureTests.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "scripts/run.sh", "--no-build", "-c", configuration, "--", "--urls", $"http://127.0.0.1:{chosenPort}" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["Odr__Storage__DataDirectory"] = dataDirectory;
        foreach (var (key, value) in database.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        return new ServiceProcess(Process.Start(start)!, chosenPort);
    }

    /// <summary>
    /// Waits until a line of the output contains <paramref name="text"/> (at once if one already did); fails if the process
    /// exits first, or after 90 s, a guard against a service that never says it.
    /// </summary>
    public async Task WaitForOutputAsync(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }
            _awaited.Add((text, seen));
        }
        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(seen.Task, exited, Task.Delay(TimeSpan.FromMinutes(5))) != seen.Task)
        {
            throw new InvalidOperationException($"The service {(exited.IsCompleted ? "exited" : "went on")} without writing '{text}'. Output:\n{Output}");
        }
    }

    /// <summary>
    /// A client of this process; with <paramref name="token"/>, signed in by it (a token from any node will do). Its
    /// patience is the tests' least, not seconds: on a shared 2-core machine an answer can take long, and a node that
    /// dies fails its requests at once anyway (the socket closes).
    /// </summary>
    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = Waiting.LeastPatience };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Signs a demo account in through this process and returns its bearer token.</summary>
    public async Task<string> TokenForAsync(string email)
    {
        using var client = CreateClient();
        return await OdrWebFactory.TokenFromAsync(client, email);
    }

    /// <summary>A client signed in as a demo account through this process.</summary>
    public async Task<HttpClient> SignInAsync(string email) => CreateClient(await TokenForAsync(email));

    /// <summary>SIGKILL to the whole process tree: no shutdown, no flush, as a crash or power loss would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// SIGSTOP (<paramref name="pause"/>) or SIGCONT to the whole process tree: a frozen node holds its claims and its
    /// database connections, as a node stuck in a long pause would, until it is resumed or killed.
    /// </summary>
    public async Task FreezeAsync(bool pause)
    {
        // bash's own kill: a minimal Debian has no kill program (procps) on the path.
        var signal = new ProcessStartInfo("bash") { ArgumentList = { "-c", $"kill {(pause ? "-STOP" : "-CONT")} \"$@\"", "kill" } };
        foreach (var pid in Tree(_process.Id))
        {
            signal.ArgumentList.Add(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var kill = Process.Start(signal)!;
        await kill.WaitForExitAsync();
    }

    private static IEnumerable<int> Tree(int pid)
    {
        yield return pid;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            var children = File.Exists(Path.Combine(task, "children")) ? File.ReadAllText(Path.Combine(task, "children")) : "";
            foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var descendant in Tree(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture)))
                {
                    yield return descendant;
                }
            }
        }
    }

    public async Task WaitHealthyAsync()
    {
        using var client = CreateClient();
        // A ceiling for a run that is broken, not an expectation: on a busy 2-core machine a start can take minutes.
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if ((await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"The service never became healthy. Output:\n{Output}");
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
            foreach (var awaited in _awaited.Where(a => line?.Contains(a.Text, StringComparison.Ordinal) == true).ToList())
            {
                awaited.Seen.SetResult();
                _awaited.Remove(awaited);
            }
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
    }
}
