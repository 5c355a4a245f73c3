using System.Text;

namespace Odr.Bench.Scenarios;

/// <summary>
/// Filings over HTTP with a bearer token: at a fixed offered load (latency), and at saturation (the most the server
/// sustains), against the server's cheapest authenticated endpoint and a raw one-row SQLite commit.
/// </summary>
public sealed class FilingScenario(BenchOptions options)
{
    public const double OfferedPerSecond = 200;

    public async Task<ScenarioResult> RunAsync(BenchServer server)
    {
        using var http = server.CreateClient(128);
        var api = new Api(http);
        var token = await api.TokenAsync("buyer@demo.odr");
        // The floor is an authenticated request that reaches the database but finds little: a buyer with no cases listing them.
        var idle = await api.NewBuyerAsync($"idle-{Guid.NewGuid():N}@bench.odr");
        var number = 0;
        async Task<bool> File(int _)
        {
            using var response = await http.SendAsync(Api.Request(HttpMethod.Post, "/api/cases", token, Api.Filing(Interlocked.Increment(ref number))));
            return Api.Created(response);
        }
        async Task<bool> Cheapest(int _)
        {
            using var response = await http.SendAsync(Api.Request(HttpMethod.Get, "/api/cases?pageSize=1", idle));
            return response.IsSuccessStatusCode;
        }

        Console.WriteLine("filing: warm-up");
        await Load.ClosedLoopAsync(16, options.Seconds(5), Cheapest);
        await Load.OpenLoopAsync(100, options.Seconds(5), File);

        var cheapest = new List<LoadResult>();
        var offered = new List<LoadResult>();
        var saturated = new List<LoadResult>();
        var inserts = new List<double>();
        var backlog = new List<double>();
        for (var run = 0; run < options.Runs; run++)
        {
            Console.WriteLine($"filing: run {run + 1} of {options.Runs}");
            // Each phase starts with the e-mails and workflow work of the previous one done.
            await server.WaitForIdleAsync(TimeSpan.FromMinutes(3));
            cheapest.Add(await Load.ClosedLoopAsync(32, options.Seconds(8), Cheapest));
            inserts.Add(BenchDatabase.OnPostgres ? PostgresBench.InsertsPerSecond(options.Seconds(5))
                : SqliteBaselines.InsertsPerSecond(server.DataDirectory, options.Seconds(5)));
            await server.WaitForIdleAsync(TimeSpan.FromMinutes(3));
            offered.Add(await Load.OpenLoopAsync(OfferedPerSecond, options.Seconds(15), File));
            backlog.Add(server.WorkflowBacklog());
            await server.WaitForIdleAsync(TimeSpan.FromMinutes(3));
            saturated.Add(await Load.ClosedLoopAsync(32, options.Seconds(10), File));
        }

        var rate = Figure.Of("filings/s", offered.Select(r => r.PerSecond));
        var p50 = Figure.Of("ms", offered.Select(r => r.P50));
        var p99 = Figure.Of("ms", offered.Select(r => r.P99));
        var max = Figure.Of("filings/s", saturated.Select(r => r.PerSecond));
        var cheapestRate = Figure.Of("req/s", cheapest.Select(r => r.PerSecond));
        var insertRate = Figure.Of("commits/s", inserts);
        var lower = Math.Min(cheapestRate.Median, insertRate.Median);
        var failures = offered.Sum(r => r.Failed) + saturated.Sum(r => r.Failed);
        var met = rate.Median >= OfferedPerSecond * 0.98 && p99.Median < 100 && max.Median >= 0.5 * lower && failures == 0;

        var details = new StringBuilder();
        details.AppendLine($"`POST /api/cases` with the api.md example body and a bearer token, {options.Runs} runs after a warm-up.");
        details.AppendLine();
        details.AppendLine("| measurement | median (spread) |");
        details.AppendLine("| --- | --- |");
        details.AppendLine($"| offered load | {OfferedPerSecond:0} filings/s, open loop, {options.Seconds(15).TotalSeconds:0} s per run |");
        details.AppendLine($"| achieved at that load | {rate} |");
        details.AppendLine($"| latency p50 | {p50} |");
        details.AppendLine($"| latency p99 | {p99} |");
        details.AppendLine($"| e-mails and workflow items still queued when the offered load ends | {Figure.Of("", backlog)} |");
        details.AppendLine($"| saturation (32 clients back to back) | {max}, p50 {Figure.Of("ms", saturated.Select(r => r.P50))}, p99 {Figure.Of("ms", saturated.Select(r => r.P99))} |");
        details.AppendLine($"| baseline: `GET /api/cases?pageSize=1` by a buyer with no cases (32 clients) | {cheapestRate}, p99 {Figure.Of("ms", cheapest.Select(r => r.P99))} |");
        details.AppendLine(BenchDatabase.OnPostgres
            ? $"| baseline: raw one-row PostgreSQL insert per transaction, same cluster | {insertRate} (fsync on, synchronous_commit on) |"
            : $"| baseline: raw one-row SQLite insert per transaction | {insertRate} (WAL, synchronous={SqliteBaselines.SynchronousOf(server.DatabasePath)}) |");
        details.AppendLine($"| failed requests | {failures}{(offered.Concat(saturated).FirstOrDefault(r => r.FirstError is not null)?.FirstError is { } error ? $" (first: {error})" : "")} |");
        details.AppendLine();
        details.AppendLine($"The lower baseline is {Figure.Format(lower)}/s; the saturated filing rate is {Report.Ratio(max.Median, lower)} of it (goal ≥ 0.50×).");
        details.AppendLine();
        return new ScenarioResult("filing",
            $"{rate} at {OfferedPerSecond:0}/s offered; p50 {p50.Median:0.0} ms, p99 {p99.Median:0.0} ms; saturation {max}",
            $"cheapest authenticated endpoint {cheapestRate}; raw {BenchDatabase.Name} insert {insertRate}",
            Report.Ratio(max.Median, lower),
            "≥ 200/s, p99 < 100 ms; ≥ 0.5× the lower baseline", met, details.ToString(),
            [
                new ComparedFigure("saturated rate", max.Median, "filings/s", HigherIsBetter: true),
                new ComparedFigure($"rate at {OfferedPerSecond:0}/s offered", rate.Median, "filings/s", HigherIsBetter: true),
                new ComparedFigure($"p99 at {OfferedPerSecond:0}/s offered", p99.Median, "ms", HigherIsBetter: false),
            ]);
    }
}
