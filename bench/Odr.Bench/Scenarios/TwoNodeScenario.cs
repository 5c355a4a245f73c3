using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Odr.Web.Features.Chat;
using Odr.Web.Tests;

namespace Odr.Bench.Scenarios;

/// <summary>
/// The production configuration: two service processes on one PostgreSQL database and one Redis (the SignalR backplane
/// and the shared chat limit), sharing one data folder. Every response deadline of the cases passes while both run;
/// during the catch-up, chat messages are sent through both nodes to members connected to both. Checked: every timer
/// fired once (and by which node), and every member received every message of its room once.
/// </summary>
public sealed class TwoNodeScenario(BenchOptions options)
{
    private const int Rooms = 10;
    private const double MessagesPerSecond = 40;
    private static readonly string[] NodeIds = ["bench-a", "bench-b"];

    public async Task<ScenarioResult> RunAsync(string folder)
    {
        var redis = BenchDatabase.Redis ?? throw new InvalidOperationException(
            $"The two-node scenario needs Redis: run it through scripts/bench.sh, which starts one ({BenchDatabase.RedisVariable}).");
        Dictionary<string, string> Node(string id) => new(ChatScenario.ServerSettings)
        {
            ["Odr__Workflows__NodeId"] = id,
            ["Odr__Redis"] = redis,
        };
        var total = options.Count(20_000);
        var seeds = new List<Guid>();
        await using (var first = await BenchServer.StartAsync(folder, Node("bench-a")))
        {
            using var http = first.CreateClient();
            var api = new Api(http);
            var buyer = await api.TokenAsync("buyer@demo.odr");
            var number = 3_000_000;
            Console.WriteLine("two nodes: filing the seed cases");
            await Parallel.ForAsync(0, Math.Min(500, total), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) =>
            {
                var filed = await api.FileAsync(buyer, Interlocked.Increment(ref number));
                lock (seeds)
                {
                    seeds.Add(Guid.Parse((string)filed["id"]!));
                }
            });
            await first.WaitForIdleAsync(TimeSpan.FromMinutes(2));
        }
        var cloning = PostgresBench.CloneUntil(folder, total);
        Console.WriteLine($"two nodes: copied to {total:N0} cases in {cloning.TotalSeconds:0} s; starting both nodes");
        var nodes = await Task.WhenAll(BenchServer.StartAsync(folder, Node(NodeIds[0])), BenchServer.StartAsync(folder, Node(NodeIds[1])));
        await using var a = nodes[0];
        await using var b = nodes[1];

        // Chat: in each room the buyer and the seller, each connected once to each node.
        using var http2 = a.CreateClient();
        var api2 = new Api(http2);
        var buyerToken = await api2.TokenAsync("buyer@demo.odr");
        var sellerToken = await api2.TokenAsync("seller@demo.odr");
        var rooms = seeds.Take(Rooms).ToList();
        var members = new List<(HubConnection Connection, Guid Room, ConcurrentDictionary<string, int> Heard)>();
        foreach (var room in rooms)
        {
            foreach (var (node, token) in new[] { (a, buyerToken), (b, buyerToken), (a, sellerToken), (b, sellerToken) })
            {
                var connection = await HubConnections.ConnectAsync(node.BaseAddress, DisputeChatHub.Path, token);
                var heard = new ConcurrentDictionary<string, int>();
                connection.On<ChatMessageResponse>("messageReceived", m => heard.AddOrUpdate(m.Text, 1, (_, n) => n + 1));
                await connection.InvokeAsync("JoinCase", room);
                members.Add((connection, room, heard));
            }
        }
        var senders = members.GroupBy(m => m.Room).Select(g => (Room: g.Key, OnA: g.ElementAt(0).Connection, OnB: g.ElementAt(1).Connection)).ToList();

        var dueAt = DateTime.UtcNow.AddMinutes(-1);
        var due = BenchDatabase.Instant(dueAt.AddTicks(-(dueAt.Ticks % TimeSpan.TicksPerSecond)));
        long pending;
        using (var connection = BenchDatabase.Open(folder))
        {
            BenchDatabase.Execute(connection, """UPDATE "Cases" SET "Deadline" = @due WHERE "Stage" = 'AwaitingResponse';""", due);
            BenchDatabase.Execute(connection, """UPDATE "WorkflowTimers" SET "DueAt" = @due WHERE "Status" = 'Pending' AND "Name" = 'deadline';""", due);
            pending = BenchDatabase.Scalar(connection, """SELECT count(*) FROM "WorkflowTimers" WHERE "Status" = 'Pending' AND "DueAt" = @due;""", due);
        }
        Console.WriteLine($"two nodes: {pending:N0} deadlines due on two running nodes; chat through both meanwhile");
        var started = Stopwatch.StartNew();
        var sent = new ConcurrentDictionary<string, Guid>();
        var chatting = Load.OpenLoopAsync(MessagesPerSecond, options.Seconds(20), async n =>
        {
            var (room, onA, onB) = senders[n % senders.Count];
            var text = "two nodes " + n.ToString(CultureInfo.InvariantCulture);
            sent[text] = room;
            await (n % 2 == 0 ? onA : onB).InvokeAsync<ChatMessageResponse>("SendMessage", room, text);
            return true;
        });
        var samples = await LargeDatabaseScenarios.WatchFiringAsync(folder, due, pending, started);
        var chat = await chatting;
        var fired = samples[^1].Fired;
        var (firstFired, lastFired) = LargeDatabaseScenarios.FiringSpan(folder, due);
        var catchUp = samples[^1].At;
        var expected = members.Sum(m => sent.Count(s => s.Value == m.Room));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (members.Sum(m => m.Heard.Count(h => sent.ContainsKey(h.Key))) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100); // the last broadcasts in flight
        }
        await Task.Delay(TimeSpan.FromSeconds(1)); // room for a duplicate to show, were there one
        var heardOnce = members.Sum(m => sent.Where(s => s.Value == m.Room).Count(s => m.Heard.GetValueOrDefault(s.Key) == 1));
        var heardTwice = members.Sum(m => m.Heard.Count(h => sent.ContainsKey(h.Key) && h.Value > 1));
        var lost = members.Sum(m => sent.Where(s => s.Value == m.Room).Count(s => !m.Heard.ContainsKey(s.Key)));
        foreach (var (connection, _, _) in members)
        {
            await connection.DisposeAsync();
        }

        var (journaled, firedTwice, commandsTwice) = LargeDatabaseScenarios.Twice(folder);
        string firedBy;
        long saved;
        using (var check = BenchDatabase.Open(folder))
        {
            firedBy = string.Join(", ", NodeIds.Select(node => $"{node} {BenchDatabase.Scalar(check,
                $"""SELECT count(*) FROM "WorkflowTimers" WHERE "DueAt" = @due AND "Status" = 'Fired' AND "LeaseOwner" = '{node}';""", due):N0}"));
            saved = BenchDatabase.Scalar(check, """SELECT count(*) FROM "ChatMessages" WHERE "Text" LIKE 'two nodes %';""");
        }
        var rate = fired / Math.Max(0.25, (lastFired - firstFired).TotalSeconds);
        var deadlinesOnce = fired == pending && firedTwice == 0 && commandsTwice == 0;
        var chatOnce = chat.Failed == 0 && heardOnce == expected && heardTwice == 0 && lost == 0 && saved == sent.Count;
        var details = new StringBuilder();
        details.AppendLine($"Two service processes on one PostgreSQL database and one Redis, sharing a data folder; {total:N0} cases. While both run, " +
            $"every response deadline ({pending:N0} timers) is moved into the past; during the catch-up {MessagesPerSecond:0} chat messages/s " +
            $"for {options.Seconds(20).TotalSeconds:0} s go to {rooms.Count} rooms, sent alternately through either node, to the buyer and the seller " +
            "connected once to each node.");
        details.AppendLine();
        details.AppendLine("| measurement | value |");
        details.AppendLine("| --- | --- |");
        details.AppendLine($"| deadlines: moved into the past to the last fired | {catchUp.TotalSeconds:0.0} s |");
        details.AppendLine($"| timers fired per second, first to last batch (by the timers' FiredAt) | {rate:N0} |");
        details.AppendLine($"| deadlines fired by node | {firedBy} |");
        details.AppendLine($"| timers fired / journaled as fired / instances fired twice / deadline commands issued twice | {fired:N0} / {journaled:N0} / {firedTwice} / {commandsTwice} |");
        details.AppendLine($"| chat: messages sent / saved / sends failed | {sent.Count:N0} / {saved:N0} / {chat.Failed} |");
        details.AppendLine($"| chat: deliveries expected / received once / received twice or more / lost | {expected:N0} / {heardOnce:N0} / {heardTwice} / {lost} |");
        details.AppendLine($"| chat: send acknowledged p50 / p99 | {chat.P50:0.0} ms / {chat.P99:0.0} ms |");
        details.AppendLine();
        return new ScenarioResult("two nodes", $"deadlines {(deadlinesOnce ? "each exactly once" : "**not exactly once**")} ({rate:N0} timers/s); " +
            $"chat {(chatOnce ? "each delivery exactly once" : "**not exactly once**")} ({heardOnce:N0} of {expected:N0})", "—", "—",
            "deadlines and chat exactly once across two nodes under load", deadlinesOnce && chatOnce, details.ToString());
    }
}
