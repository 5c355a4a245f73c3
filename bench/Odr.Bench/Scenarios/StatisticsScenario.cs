using System.Diagnostics;
using System.Text;

namespace Odr.Bench.Scenarios;

/// <summary>A regulator's <c>GET /api/stats</c> over 1,000,000 cases (the seeded demo cases and 490 filings, copied in SQL).</summary>
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
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        Console.WriteLine($"statistics: copying to {total:N0} cases");
        var cloning = CaseCloner.CloneUntil(Path.Combine(folder, "odr.db"), total, withWorkflows: false);
        Console.WriteLine($"statistics: copied in {cloning.TotalSeconds:0} s");

        await using var server = await BenchServer.StartAsync(folder);
        using var client = server.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(10);
        var regulator = await new Api(client).TokenAsync("regulator@demo.odr");
        async Task<(double Ms, int Status, long Bytes)> StatsAsync()
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.SendAsync(Api.Request(HttpMethod.Get, "/api/stats", regulator));
            var body = await response.Content.ReadAsByteArrayAsync();
            return (clock.Elapsed.TotalMilliseconds, (int)response.StatusCode, body.LongLength);
        }
        Console.WriteLine("statistics: first request");
        var first = await StatsAsync();
        var runs = new List<(double Ms, int Status, long Bytes)>();
        for (var run = 0; run < Math.Max(3, options.Runs); run++)
        {
            Console.WriteLine($"statistics: run {run + 1}");
            runs.Add(await StatsAsync());
        }
        var figure = Figure.Of("ms", runs.Select(r => r.Ms));
        var ok = runs.All(r => r.Status == 200) && first.Status == 200;
        var details = new StringBuilder();
        details.AppendLine($"`GET /api/stats` (all cases, no filter) as the demo regulator, over {total:N0} cases: the ten seeded demo cases and 490 " +
            $"filings through the API, copied in SQL with new ids and numbers ({cloning.TotalSeconds:0} s).");
        details.AppendLine();
        details.AppendLine("| measurement | value |");
        details.AppendLine("| --- | --- |");
        details.AppendLine($"| first request after start | {first.Ms:N0} ms (status {first.Status}) |");
        details.AppendLine($"| warm requests ({runs.Count}) | {figure} |");
        details.AppendLine($"| answer size | {runs[^1].Bytes / 1024.0:N0} KB |");
        details.AppendLine($"| server resident memory afterwards | {server.ResidentMegabytes():N0} MiB |");
        details.AppendLine();
        return new ScenarioResult("statistics", $"{figure} per request over {total:N0} cases", "—", "—", "≤ 1 s", ok && figure.Median <= 1000, details.ToString());
    }
}
