using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Odr.Bench.Scenarios;

/// <summary>
/// The scenarios that need 100,000 cases: the deadline catch-up after downtime, then the chat and the memory figure
/// on a second copy of the same database. The cases are 500 filings through the API, copied in SQL (CaseCloner).
/// </summary>
public sealed class LargeDatabaseScenarios(BenchOptions options)
{
    public async Task<List<ScenarioResult>> RunAsync(string folder)
    {
        var total = options.Count(100_000);
        var baseFolder = Path.Combine(folder, "base");
        var seeds = new List<Guid>();
        await using (var server = await BenchServer.StartAsync(baseFolder))
        {
            using var http = server.CreateClient();
            var api = new Api(http);
            var buyer = await api.TokenAsync("buyer@demo.odr");
            var number = 2_000_000;
            Console.WriteLine("100k cases: filing the 500 seed cases through the API");
            await Parallel.ForAsync(0, 500, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) =>
            {
                var filed = await api.FileAsync(buyer, Interlocked.Increment(ref number));
                lock (seeds)
                {
                    seeds.Add(Guid.Parse((string)filed["id"]!));
                }
            });
            await Task.Delay(TimeSpan.FromSeconds(3)); // the filings' notices go out before the copy
        }
        Console.WriteLine($"100k cases: copying to {total:N0}");
        var cloning = BenchDatabase.OnPostgres ? PostgresBench.CloneUntil(baseFolder, total)
            : CaseCloner.CloneUntil(Path.Combine(baseFolder, "odr.db"), total, withWorkflows: true);
        Console.WriteLine($"100k cases: copied in {cloning.TotalSeconds:0} s");
        var deadlineFolder = Copy(baseFolder, Path.Combine(folder, "deadlines"));
        var chatFolder = Copy(baseFolder, Path.Combine(folder, "chat"));
        BenchDatabase.Drop(baseFolder);
        Directory.Delete(baseFolder, recursive: true);
        CaseCloner.Settle();

        var results = new List<ScenarioResult>();
        if (options.Wants("deadlines"))
        {
            results.Add(await DeadlinesAsync(deadlineFolder, total));
        }
        BenchDatabase.Drop(deadlineFolder);
        Directory.Delete(deadlineFolder, recursive: true);
        CaseCloner.Settle();
        if (options.Wants("chat") || options.Wants("memory"))
        {
            await using var server = await BenchServer.StartAsync(chatFolder, ChatScenario.ServerSettings);
            var idle = server.ResidentMegabytes();
            var chat = await new ChatScenario(options).RunAsync(server, seeds);
            if (options.Wants("chat"))
            {
                results.Add(chat.Result);
            }
            if (options.Wants("memory"))
            {
                var details = new StringBuilder();
                details.AppendLine($"Resident set (VmRSS from /proc) of the server process with {total:N0} cases in its database:");
                details.AppendLine();
                details.AppendLine("| moment | resident memory |");
                details.AppendLine("| --- | --- |");
                details.AppendLine($"| just started, healthy, no connections | {idle:0} MiB |");
                details.AppendLine($"| after the chat runs, 500 connections open | {chat.ResidentWith500Connections:0} MiB |");
                details.AppendLine($"| highest seen during the chat runs (500 chat + 500 probe connections) | {chat.PeakResidentMegabytes:0} MiB |");
                details.AppendLine();
                results.Add(new ScenarioResult("memory", $"{chat.ResidentWith500Connections:0} MiB with {total:N0} cases and 500 connections", "—", "—",
                    "≤ 500 MB", chat.ResidentWith500Connections * 1.048576 <= 500, details.ToString(),
                    [new ComparedFigure("resident set, 500 connections", chat.ResidentWith500Connections, "MiB", HigherIsBetter: false)]));
            }
        }
        BenchDatabase.Drop(chatFolder);
        return results;
    }

    private async Task<ScenarioResult> DeadlinesAsync(string dataFolder, int total)
    {
        // Whole seconds: the instant reads back equal on both providers.
        var dueAt = DateTime.UtcNow.AddMinutes(-1);
        var due = BenchDatabase.Instant(dueAt.AddTicks(-(dueAt.Ticks % TimeSpan.TicksPerSecond)));
        long pending;
        using (var connection = BenchDatabase.Open(dataFolder))
        {
            // The service was down while every seller's response deadline passed.
            BenchDatabase.Execute(connection, """
                UPDATE "WorkflowTimers" SET "DueAt" = @due WHERE "Status" = 'Pending' AND "Name" = 'deadline';
                """, due);
            BenchDatabase.Execute(connection, """UPDATE "Cases" SET "Deadline" = @due WHERE "Stage" = 'AwaitingResponse';""", due);
            pending = BenchDatabase.Scalar(connection, """SELECT count(*) FROM "WorkflowTimers" WHERE "Status" = 'Pending' AND "DueAt" <= @due;""", due);
        }
        SqliteConnection.ClearAllPools();
        Console.WriteLine($"deadlines: {pending:N0} due; baseline first");
        var baselines = Enumerable.Range(0, options.Runs)
            .Select(_ => BenchDatabase.OnPostgres ? PostgresBench.ConditionalUpdatesPerSecond(options.Count(100_000), options.Seconds(10))
                : SqliteBaselines.ConditionalUpdatesPerSecond(dataFolder, options.Count(100_000), options.Seconds(10))).ToList();

        var started = Stopwatch.StartNew();
        await using var server = await BenchServer.StartAsync(dataFolder);
        var ready = started.Elapsed;
        Console.WriteLine($"deadlines: service ready after {ready.TotalSeconds:0.0} s; catching up");
        var processStarted = DateTime.UtcNow - started.Elapsed;
        var samples = await WatchFiringAsync(dataFolder, due, pending, started);
        var last = samples[^1];
        var (expiriesDone, signalsDone, noticesDone) = Cascade(dataFolder);
        var (journaled, firedTwice, commandsTwice) = Twice(dataFolder);
        // The poller starts with the process, before it answers its health check: the firing is timed by the timers' own
        // FiredAt (each batch's start), not from "healthy".
        var (firstFired, lastFired) = FiringSpan(dataFolder, due);
        var catchUp = lastFired - processStarted;
        var rate = last.Fired / Math.Max(0.25, (lastFired - firstFired).TotalSeconds);
        var baseline = Figure.Of("updates/s", baselines);
        var exactlyOnce = last.Fired == pending && journaled == pending && firedTwice == 0 && commandsTwice == 0;
        var details = new StringBuilder();
        details.AppendLine($"{total:N0} cases awaiting the seller's response; the service is stopped, every response deadline ({pending:N0} timers) passes, " +
            $"and the service starts again: the catch-up. A read-only connection counts the fired timers every 250 ms. Database: {BenchDatabase.Name}.");
        details.AppendLine();
        details.AppendLine("| measurement | value |");
        details.AppendLine("| --- | --- |");
        details.AppendLine($"| process start to healthy | {ready.TotalSeconds:0.0} s |");
        details.AppendLine($"| process start to the first / the last timer fired (the lag of the last) | {(firstFired - processStarted).TotalSeconds:0.0} s / {catchUp.TotalSeconds:0.0} s |");
        details.AppendLine($"| timers fired per second, first to last batch (by the timers' FiredAt) | {rate:N0} |");
        details.AppendLine($"| timers fired per second from process start (startup included) | {last.Fired / catchUp.TotalSeconds:N0} |");
        details.AppendLine($"| timers fired / journaled as fired / fired twice / deadline commands issued twice | {last.Fired:N0} / {journaled:N0} / {firedTwice} / {commandsTwice} |");
        details.AppendLine($"| done beside the catch-up by then: expiry commands / stage-change signals / e-mails | {expiriesDone:N0} / {signalsDone:N0} / {noticesDone:N0} |");
        details.AppendLine($"| baseline: raw one-row {BenchDatabase.Name} conditional UPDATE per transaction ({options.Runs} runs) | {baseline} |");
        details.AppendLine();
        details.AppendLine("Each fired timer also starts the work it exists for (the expiry command, the stage change, the notices); that work runs " +
            "beside the catch-up and is not waited for here.");
        details.AppendLine();
        return new ScenarioResult("deadlines", $"{rate:N0} timers/s; last fired {catchUp.TotalSeconds:0.0} s after the process started; {(exactlyOnce ? "each exactly once" : "**not exactly once**")}",
            $"raw conditional UPDATE {baseline}", Report.Ratio(rate, baseline.Median), "≥ 2,000 timers/s, each exactly once", rate >= 2000 && exactlyOnce, details.ToString(),
            [new ComparedFigure("catch-up", rate, "timers/s", HigherIsBetter: true)]);
    }

    /// <summary>Counts the fired timers every 250 ms until all <paramref name="pending"/> have fired (or 20 minutes pass).</summary>
    public static async Task<List<(TimeSpan At, long Fired)>> WatchFiringAsync(string dataFolder, object due, long pending, Stopwatch started)
    {
        var samples = new List<(TimeSpan At, long Fired)>();
        using var watch = BenchDatabase.Open(dataFolder, readOnly: true);
        var limit = TimeSpan.FromMinutes(20);
        while (started.Elapsed < limit)
        {
            var fired = BenchDatabase.Scalar(watch, """SELECT count(*) FROM "WorkflowTimers" WHERE "DueAt" = @due AND "Status" = 'Fired';""", due);
            samples.Add((started.Elapsed, fired));
            if (fired >= pending)
            {
                break;
            }
            await Task.Delay(250);
        }
        return samples;
    }

    /// <summary>When the first and the last of the timers due at <paramref name="due"/> were fired (each batch's start), in UTC.</summary>
    public static (DateTime First, DateTime Last) FiringSpan(string dataFolder, object due)
    {
        using var connection = BenchDatabase.Open(dataFolder, readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = """SELECT min("FiredAt"), max("FiredAt") FROM "WorkflowTimers" WHERE "DueAt" = @due AND "Status" = 'Fired';""";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@due";
        parameter.Value = due;
        command.Parameters.Add(parameter);
        using var reader = command.ExecuteReader();
        reader.Read();
        DateTime Utc(int column) => reader.GetValue(column) switch
        {
            DateTime value => DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc),
            string text => DateTime.SpecifyKind(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc),
            var other => throw new InvalidOperationException($"FiredAt read as {other.GetType().Name}."),
        };
        return (Utc(0), Utc(1));
    }

    /// <summary>The work the fired timers started, done by now: expiry commands, signals, e-mails.</summary>
    public static (long Expiries, long Signals, long Notices) Cascade(string dataFolder)
    {
        using var cascade = BenchDatabase.Open(dataFolder, readOnly: true);
        return (BenchDatabase.Scalar(cascade, """SELECT count(*) FROM "WorkflowCommands" WHERE "Type" = 'ExpireCaseDeadline' AND "Status" = 'Done';"""),
            BenchDatabase.Scalar(cascade, """SELECT count(*) FROM "WorkflowSignals" WHERE "Status" <> 'Pending';"""),
            // E-mails sent, whichever command sent them (an event's notices go together; a failing one alone).
            BenchDatabase.Scalar(cascade, """SELECT count(*) FROM "SentNotices";"""));
    }

    /// <summary>The exactly-once check: timers journaled as fired, instances with a timer fired twice, instances with two expiry commands.</summary>
    public static (long Journaled, long FiredTwice, long CommandsTwice) Twice(string dataFolder)
    {
        using var check = BenchDatabase.Open(dataFolder, readOnly: true);
        return (BenchDatabase.Scalar(check, """SELECT count(*) FROM "WorkflowHistory" WHERE "Kind" = 'TimerFired';"""),
            BenchDatabase.Scalar(check,
                """SELECT count(*) FROM (SELECT "InstanceId" FROM "WorkflowHistory" WHERE "Kind" = 'TimerFired' GROUP BY "InstanceId" HAVING count(*) > 1) AS twice;"""),
            BenchDatabase.Scalar(check,
                """SELECT count(*) FROM (SELECT "InstanceId" FROM "WorkflowCommands" WHERE "Type" = 'ExpireCaseDeadline' GROUP BY "InstanceId" HAVING count(*) > 1) AS twice;"""));
    }

    private static string Copy(string from, string to)
    {
        BenchDatabase.Copy(from, to);
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
        return to;
    }
}
