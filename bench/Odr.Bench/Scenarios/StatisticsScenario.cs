using System.Diagnostics;
using System.Text;

namespace Odr.Bench.Scenarios;

/// <summary>
/// A regulator's <c>GET /api/stats</c> over 1,000,000 cases (the seeded demo cases and 490 filings, copied in SQL), from
/// the statistics' read model: the copies are left uncounted, so the first start counts them (the startup backfill of
/// a database from before the read model); the service is stopped and started again, and the first request after that
/// restart is timed with the server's resident memory, then warm requests back to back (p50, p99).
/// </summary>
public sealed class StatisticsScenario(BenchOptions options)
{
    public async Task<ScenarioResult> RunAsync(string folder)
    {
        var total = options.Count(1_000_000);
        await using (var seeding = await BenchServer.StartAsync(folder, new Dictionary<string, string> { ["Odr__Demo__SeedCases"] = "true" }))
        {
            using var http = seeding.CreateClient();
            var api = new Api(http);
            var buyer = await api.TokenAsync("buyer@demo.odr");
            var number = 3_000_000;
            Console.WriteLine("statistics: filing 490 seed cases");
            await Parallel.ForAsync(0, 490, new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (_, _) => await api.FileAsync(buyer, Interlocked.Increment(ref number)));
            await seeding.WaitForIdleAsync(TimeSpan.FromMinutes(2));
        }
        Console.WriteLine($"statistics: copying to {total:N0} cases");
        var cloning = BenchDatabase.OnPostgres ? PostgresBench.CloneUntil(folder, total, withWorkflows: false)
            : CaseCloner.CloneUntil(Path.Combine(folder, "odr.db"), total, withWorkflows: false, leaveUncounted: true);
        Console.WriteLine($"statistics: copied in {cloning.TotalSeconds:0} s");

        Console.WriteLine("statistics: first start, counting the copies");
        var clock = Stopwatch.StartNew();
        await using (await BenchServer.StartAsync(folder))
        {
        }
        var backfill = clock.Elapsed;
        CaseCloner.Settle();

        Console.WriteLine("statistics: restart");
        clock.Restart();
        await using var server = await BenchServer.StartAsync(folder);
        var restart = clock.Elapsed;
        using var client = server.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(10);
        var regulator = await new Api(client).TokenAsync("regulator@demo.odr");
        async Task<(double Ms, int Status, long Bytes)> StatsAsync()
        {
            var request = Stopwatch.StartNew();
            using var response = await client.SendAsync(Api.Request(HttpMethod.Get, "/api/stats", regulator));
            var body = await response.Content.ReadAsByteArrayAsync();
            return (request.Elapsed.TotalMilliseconds, (int)response.StatusCode, body.LongLength);
        }
        Console.WriteLine("statistics: first request after the restart");
        var first = await StatsAsync();
        var firstResident = server.ResidentMegabytes();
        var p50 = new List<double>();
        var p99 = new List<double>();
        var failed = first.Status == 200 ? 0 : 1;
        var last = first;
        for (var run = 0; run < Math.Max(3, options.Runs); run++)
        {
            Console.WriteLine($"statistics: run {run + 1}");
            var latencies = new List<double>();
            for (var i = 0; i < options.Count(100); i++)
            {
                last = await StatsAsync();
                failed += last.Status == 200 ? 0 : 1;
                latencies.Add(last.Ms);
            }
            p50.Add(Percentiles.Of(latencies, 0.5));
            p99.Add(Percentiles.Of(latencies, 0.99));
        }
        var (warm50, warm99) = (Figure.Of("ms", p50), Figure.Of("ms", p99));
        var resident = server.ResidentMegabytes();
        var details = new StringBuilder();
        details.AppendLine($"`GET /api/stats` (all cases, no filter) as the demo regulator, over {total:N0} cases: the ten seeded demo cases and 490 " +
            $"filings through the API, copied in SQL with new ids and numbers ({cloning.TotalSeconds:0} s) and left uncounted, as cases from " +
            "before the read model. The service starts (its backfill counts them), stops, and starts again; then the first request, and " +
            $"{options.Count(100)} requests back to back per run.");
        details.AppendLine();
        details.AppendLine("| measurement | value |");
        details.AppendLine("| --- | --- |");
        details.AppendLine($"| first start, counting every case into the read model (start to healthy) | {backfill.TotalSeconds:N1} s |");
        details.AppendLine($"| restart (start to healthy) | {restart.TotalSeconds:N1} s |");
        details.AppendLine($"| first request after the restart | {first.Ms:N0} ms (status {first.Status}) |");
        details.AppendLine($"| server resident memory after the first request | {firstResident:N0} MiB |");
        details.AppendLine($"| warm p50 / p99 | {warm50} / {warm99} |");
        details.AppendLine($"| server resident memory afterwards | {resident:N0} MiB |");
        details.AppendLine($"| answer size | {last.Bytes / 1024.0:N0} KB |");
        details.AppendLine($"| failed requests | {failed} |");
        details.AppendLine();
        var met = failed == 0 && first.Ms <= 2000 && Math.Max(firstResident, resident) <= 500 && warm50.Median <= 300;
        return new ScenarioResult("statistics",
            $"first after restart {first.Ms:N0} ms, {firstResident:N0} MiB; warm p50 {warm50}, p99 {warm99}; over {total:N0} cases", "—", "—",
            "≤ 2 s first after a restart, ≤ 500 MB; ≤ 300 ms warm", met, details.ToString(),
            [
                new ComparedFigure("first request after a restart", first.Ms, "ms", HigherIsBetter: false),
                new ComparedFigure("warm p50", warm50.Median, "ms", HigherIsBetter: false),
                new ComparedFigure("warm p99", warm99.Median, "ms", HigherIsBetter: false),
            ]);
    }
}
