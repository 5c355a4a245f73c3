using System.Collections.Concurrent;
using System.Data.Common;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Odr.Web.Features.Chat;
using Odr.Web.Infrastructure.Identity;
using Xunit.Abstractions;

namespace Odr.Web.Tests;

/// <summary>
/// Two service processes, started by the README's run command, on one PostgreSQL database, one Redis (when the test
/// command started one) and one shared data folder: tokens, chat and deadlines cross between them, every deadline fires
/// once, and a node that dies holding work loses none of it to the other.
/// </summary>
public sealed class TwoNodeTests(ITestOutputHelper output) : IDisposable
{
    private const int Cases = 12;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("odr-nodes-").FullName;
    private TestDatabase? _database;

    private TestDatabase Database => _database ??= TestDatabase.Create(_dataDirectory);

    /// <param name="leaseDuration">
    /// Short only where a test waits for a dead node's claims to run out: a claim that runs out while its holder still
    /// works (a busy machine makes a notice take seconds) lets the other node do the same work again, which the runtime
    /// allows (at least once) but the count of sent notices below does not.
    /// </param>
    private static Dictionary<string, string> Node(string id, TimeSpan pollInterval, string leaseDuration = "00:00:30")
    {
        var settings = new Dictionary<string, string>
        {
            ["Odr__Workflows__NodeId"] = id,
            ["Odr__Workflows__PollInterval"] = pollInterval.ToString("c"),
            ["Odr__Workflows__LeaseDuration"] = leaseDuration,
            ["Odr__Deadlines__SellerResponse"] = "00:00:08",
            ["Odr__Demo__SeedCases"] = "false",
        };
        if (TestRedis.Server is { } redis)
        {
            settings["Odr__Redis"] = redis;
        }
        return settings;
    }

    [SeveralNodesFact]
    public async Task TwoNodes_ShareSignIns_CarryChatAcross_AndFireEveryDeadlineOnce()
    {
        // Started together: one migrates, seeds and makes the shared keys while the other waits for it.
        var nodes = await Task.WhenAll(
            ServiceProcess.StartAsync(_dataDirectory, Database, Node("node-a", TimeSpan.FromMilliseconds(250))),
            ServiceProcess.StartAsync(_dataDirectory, Database, Node("node-b", TimeSpan.FromMilliseconds(250))));
        await using var a = nodes[0];
        await using var b = nodes[1];

        // A token from one node is good on the other (the data-protection keys are shared).
        var buyerToken = await a.TokenForAsync("buyer@demo.odr");
        var sellerToken = await b.TokenForAsync("seller@demo.odr");
        using var buyerOnA = a.CreateClient(buyerToken);
        using var buyerOnB = b.CreateClient(buyerToken);
        var urls = new List<string>();
        for (var i = 0; i < Cases; i++)
        {
            var filed = await Filings.FileAsync(i % 2 == 0 ? buyerOnA : buyerOnB);
            urls.Add($"/api/cases/{filed["id"]}");
        }
        var caseId = Guid.Parse(urls[0]["/api/cases/".Length..]);

        // The buyer talks through node A, the seller through node B.
        await using var buyerHub = await HubConnections.ConnectAsync(a.BaseAddress, DisputeChatHub.Path, buyerToken);
        await using var sellerHub = await HubConnections.ConnectAsync(b.BaseAddress, DisputeChatHub.Path, sellerToken);
        var buyerHears = new ConcurrentQueue<ChatMessageResponse>();
        var sellerHears = new ConcurrentQueue<ChatMessageResponse>();
        buyerHub.On<ChatMessageResponse>("messageReceived", buyerHears.Enqueue);
        sellerHub.On<ChatMessageResponse>("messageReceived", sellerHears.Enqueue);
        await buyerHub.InvokeAsync("JoinCase", caseId);
        await sellerHub.InvokeAsync("JoinCase", caseId);

        await buyerHub.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, "Sent through node A");
        // A long message in Chinese (3,960 characters) crosses whole.
        var longReply = string.Concat(Enumerable.Repeat("包裹在运输途中损坏了。", 360));
        await sellerHub.InvokeAsync<ChatMessageResponse>("SendMessage", caseId, longReply);
        await Waiting.UntilAsync(() => sellerHears.Count >= 2 && buyerHears.Count >= 2, TimeSpan.FromSeconds(10), "chat across the nodes");
        await Task.Delay(500); // room for a duplicate to show, were there one
        Assert.Equal(["Sent through node A", longReply], buyerHears.Select(m => m.Text));
        Assert.Equal(["Sent through node A", longReply], sellerHears.Select(m => m.Text));

        // The seller changes its password through node A: its connection to node B is closed, its security stamp changed.
        var sellerClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sellerHub.Closed += _ =>
        {
            sellerClosed.TrySetResult();
            return Task.CompletedTask;
        };
        using (var sellerOnA = a.CreateClient(sellerToken))
        {
            (await sellerOnA.PostAsJsonAsync("/api/auth/manage/info", new { oldPassword = DemoSeeder.DemoPassword, newPassword = "Odr-changed-2026!" }))
                .EnsureSuccessStatusCode();
        }
        await sellerClosed.Task.WaitAsync(Waiting.LeastPatience);

        // Every case's 8-second response deadline passes; either node may fire it, and it escalates once.
        using var buyer = a.CreateClient(buyerToken);
        await Escalations.UntilInMediationAsync(buyer, urls, TimeSpan.FromSeconds(60), a, b);
        await Task.Delay(TimeSpan.FromSeconds(2)); // room for a second firing to show, were there one
        foreach (var url in urls)
        {
            await Escalations.AssertEscalatedOnceAsync(buyer, url);
        }
        await using var connection = await OpenAsync();
        output.WriteLine($"Deadline timers fired by: {await FiredByAsync(connection)}");
        // Each timer fired once for its due time. (A deadline held for a seller whose notice was still on its way is set
        // again, under the same name, when the notice is delivered: that is a new due time, not a second firing.)
        Assert.Equal(0L, await Sql.CountAsync(connection,
            """SELECT count(*) FROM (SELECT "InstanceId", "Name", "DueAt" FROM "WorkflowTimers" WHERE "Status" = 'Fired' GROUP BY 1, 2, 3 HAVING count(*) > 1) AS twice"""));

        // Each notice was sent once: one mail file per notice recorded as sent (whichever node sent it).
        (int Files, long Recorded, long Pending) mail = default;
        await Waiting.UntilAsync(async () =>
            {
                mail = (Directory.GetFiles(Path.Combine(_dataDirectory, "mail"), "*.eml").Length,
                    await Sql.CountAsync(connection, """SELECT count(*) FROM "SentNotices" """), await Sql.PendingCommandsAsync(connection));
                return mail.Files == mail.Recorded && mail.Pending == 0;
            },
            TimeSpan.FromSeconds(30), () => $"every notice sent and recorded (mail files {mail.Files}, notices recorded {mail.Recorded}, " +
                $"commands pending {mail.Pending}); node A:\n{a.Output}\nnode B:\n{b.Output}");
    }

    [PostgresFact]
    public async Task ANodeKilledHoldingWork_LosesNone_AndTheOtherTakesItsLeases()
    {
        // Node B polls rarely, so node A (polling four times a second) claims the due work first.
        await using var a = await ServiceProcess.StartAsync(_dataDirectory, Database, Node("node-a", TimeSpan.FromMilliseconds(250), leaseDuration: "00:00:05"));
        await using var b = await ServiceProcess.StartAsync(_dataDirectory, Database, Node("node-b", TimeSpan.FromSeconds(5), leaseDuration: "00:00:05"));
        using var buyerOnA = await a.SignInAsync("buyer@demo.odr");
        var urls = new List<string>();
        for (var i = 0; i < 3 * Cases; i++)
        {
            urls.Add($"/api/cases/{(await Filings.FileAsync(buyerOnA))["id"]}");
        }

        // Freeze A the moment it holds claims it has not finished, make sure it still does, and kill it.
        await using var connection = await OpenAsync();
        List<Guid> orphans = [];
        await Waiting.UntilAsync(async () =>
        {
            if ((await ClaimedIdsAsync(connection, "node-a")).Count == 0)
            {
                return false;
            }
            await a.FreezeAsync(pause: true);
            orphans = await ClaimedIdsAsync(connection, "node-a");
            if (orphans.Count == 0)
            {
                await a.FreezeAsync(pause: false); // it finished them just before the freeze: try again
            }
            return orphans.Count > 0;
        }, TimeSpan.FromSeconds(40), "node A to hold unfinished claims");
        await a.KillAsync();
        output.WriteLine($"Node A died holding {orphans.Count} unfinished claims");

        using var buyerOnB = await b.SignInAsync("buyer@demo.odr");
        await Escalations.UntilInMediationAsync(buyerOnB, urls, TimeSpan.FromMinutes(5), b);
        await Waiting.UntilAsync(async () => await Sql.PendingCommandsAsync(connection) == 0, TimeSpan.FromSeconds(60), "node B finishing node A's commands");
        foreach (var url in urls)
        {
            await Escalations.AssertEscalatedOnceAsync(buyerOnB, url);
        }
        // What A had claimed, B did once its leases ran out.
        foreach (var id in orphans)
        {
            var owner = await Sql.ScalarAsync<string>(connection, """
                SELECT "LeaseOwner" FROM "WorkflowTimers" WHERE "Id" = @id AND "Status" = 'Fired'
                UNION ALL SELECT "LeaseOwner" FROM "WorkflowCommands" WHERE "Id" = @id AND "Status" = 'Done'
                """, ("id", id));
            Assert.Equal("node-b", owner);
        }
    }

    private Task<DbConnection> OpenAsync() => Sql.OpenAsync(Database);

    private const string Unfinished = """
        SELECT "Id" FROM "WorkflowTimers" WHERE "LeaseOwner" = @node AND "Status" = 'Pending' AND "LeaseUntil" > now()
        UNION ALL SELECT "Id" FROM "WorkflowCommands" WHERE "LeaseOwner" = @node AND "Status" = 'Pending' AND "LeaseUntil" > now()
        """;

    private static Task<List<Guid>> ClaimedIdsAsync(DbConnection connection, string node) => Sql.ColumnAsync<Guid>(connection, Unfinished, ("node", node));

    private static async Task<string> FiredByAsync(DbConnection connection) => string.Join(", ", await Sql.ColumnAsync<string>(connection,
        """SELECT "LeaseOwner" || ' ' || count(*) FROM "WorkflowTimers" WHERE "Status" = 'Fired' GROUP BY "LeaseOwner" ORDER BY "LeaseOwner" """));

    public void Dispose()
    {
        _database?.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still hold a file for a moment; the OS cleans temp folders.
        }
    }
}
