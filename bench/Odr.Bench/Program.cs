using System.Diagnostics;
using Odr.Bench;
using Odr.Bench.Scenarios;

// The benchmarks: bench/README.md. Every scenario against the Release build as a real process; docs/performance.md out.
var options = BenchOptions.Parse(args);
var started = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var work = Directory.CreateTempSubdirectory("odr-bench-");
var results = new List<ScenarioResult>();
try
{
    foreach (var onPostgres in options.Databases)
    {
        // Each database's scenarios in a folder of their own (on PostgreSQL, each folder's service its own database).
        BenchDatabase.OnPostgres = onPostgres;
        var root = Path.Combine(work.FullName, onPostgres ? "postgres" : "sqlite");
        var first = results.Count;
        if (options.Wants("filing") || options.Wants("lifecycle"))
        {
            await using var server = await BenchServer.StartAsync(Path.Combine(root, "service"));
            if (options.Wants("filing"))
            {
                results.Add(await new FilingScenario(options).RunAsync(server));
            }
            if (options.Wants("lifecycle"))
            {
                results.Add(await new LifecycleScenario(options).RunAsync(server));
            }
        }
        if (options.Wants("deadlines") || options.Wants("chat") || options.Wants("memory"))
        {
            results.AddRange(await new LargeDatabaseScenarios(options).RunAsync(Path.Combine(root, "large")));
        }
        // The documents are drawn in this process, without a database: measured once.
        if (!onPostgres && options.Wants("documents"))
        {
            results.Add(await new DocumentScenario(options).RunAsync(Path.Combine(root, "documents")));
        }
        if (options.Wants("statistics"))
        {
            results.Add(await new StatisticsScenario(options).RunAsync(Path.Combine(root, "statistics")));
        }
        // Inside the loop, as every scenario: outside it, pages ran on whichever database came last, labelled as SQLite.
        if (options.Wants("pages"))
        {
            results.Add(await new PagesScenario(options).RunAsync(Path.Combine(root, "pages")));
        }
        if (onPostgres)
        {
            for (var i = first; i < results.Count; i++)
            {
                results[i] = results[i] with { Scenario = results[i].Scenario + " on PostgreSQL" };
            }
            if (options.Wants("two-nodes"))
            {
                results.Add(await new TwoNodeScenario(options).RunAsync(Path.Combine(root, "two-nodes")));
            }
        }
    }
}
finally
{
    if (!options.KeepData)
    {
        work.Delete(recursive: true);
    }
    else
    {
        Console.WriteLine($"data kept in {work.FullName}");
    }
}

var markdown = Report.Markdown(results, started, clock.Elapsed, options.Command);
Console.WriteLine(markdown);
if (options.Output is { } output)
{
    await File.WriteAllTextAsync(output, markdown);
    Console.WriteLine($"written to {output}");
}
return results.Any(r => r.Met == false) ? 2 : 0;

namespace Odr.Bench
{
    /// <summary>Command-line options: which scenarios, how many runs, a quick mode for trying the harness.</summary>
    public sealed class BenchOptions
    {
        public HashSet<string> Only { get; } = new(StringComparer.OrdinalIgnoreCase);

        public int Runs { get; private set; } = 3;

        /// <summary>Shortens every timed phase and dataset (for checking the harness, never for the published figures).</summary>
        public double Scale { get; private set; } = 1;

        public bool KeepData { get; private set; }

        public string? Output { get; private set; } = Path.Combine(Repository.Root, "docs", "performance.md");

        /// <summary>The databases to run on, in order: SQLite (false), PostgreSQL (true).</summary>
        public List<bool> Databases { get; private set; } = [false];

        public string Command => "./scripts/bench.sh" + (Only.Count > 0 ? " --only " + string.Join(',', Only) : "")
            + (Databases.SequenceEqual([false]) ? "" : " --database " + (Databases.Count == 2 ? "both" : "postgres"));

        public bool Wants(string scenario) => Only.Count == 0 || Only.Contains(scenario);

        public TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(Math.Max(1, seconds * Scale));

        public int Count(int count) => Math.Max(1, (int)(count * Scale));

        public static BenchOptions Parse(string[] args)
        {
            var options = new BenchOptions();
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--only":
                        options.Only.UnionWith(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries));
                        break;
                    case "--runs":
                        options.Runs = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case "--quick":
                        options.Scale = 0.1;
                        options.Runs = 1;
                        options.Output = null;
                        break;
                    case "--database":
                        options.Databases = args[++i] switch
                        {
                            "sqlite" => [false],
                            "postgres" => [true],
                            "both" => [false, true],
                            var other => throw new ArgumentException($"--database {other}: sqlite, postgres or both."),
                        };
                        break;
                    case "--keep-data":
                        options.KeepData = true;
                        break;
                    case "--output":
                        options.Output = args[++i] == "-" ? null : Path.GetFullPath(args[i]);
                        break;
                    default:
                        throw new ArgumentException($"Unknown option {args[i]}. Options: --only filing,lifecycle,deadlines,chat,documents,statistics,memory,pages,two-nodes; --database sqlite|postgres|both; --runs N; --quick; --keep-data; --output FILE|-");
                }
            }
            if (!args.Contains("--database") && options.Only.Contains("two-nodes"))
            {
                options.Databases = [true]; // two nodes need PostgreSQL
            }
            if (options.Only.Count > 0 && options.Output == Path.Combine(Repository.Root, "docs", "performance.md"))
            {
                options.Output = null; // a partial run never overwrites the published figures
            }
            return options;
        }
    }
}
