using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MimeKit;
using Xunit.Abstractions;
using static Odr.Web.Tests.EvidenceUploads;

namespace Odr.Web.Tests;

/// <summary>
/// Faults to a running service, started by the README's run command on the suite's database (SQLite, or PostgreSQL in
/// the second pass): killed with SIGKILL in the middle of a burst of filings and actions, and its SMTP server gone in
/// the middle of a run of notices. What the service acknowledged survives, and its notices go out once each.
/// </summary>
public sealed class FaultTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("odr-faults-").FullName;
    private TestDatabase? _database;

    private TestDatabase Database => _database ??= TestDatabase.Create(_dataDirectory);

    private static Dictionary<string, string> Node(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["Odr__Workflows__PollInterval"] = "00:00:00.250",
            ["Odr__Workflows__LeaseDuration"] = "00:00:05",
            ["Odr__Demo__SeedCases"] = "false",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }

    /// <summary>Something the service answered with success: from then on it must hold.</summary>
    private sealed record Acknowledged(string What, string CaseId, string? Detail = null);

    [Fact]
    public async Task KilledMidBurst_TheServiceKeepsEveryAcknowledgedChange_AndFinishesTheWorkAfterRestart()
    {
        const int Workers = 6;
        const int KillAfter = 120;
        var acknowledged = new ConcurrentQueue<Acknowledged>();
        var unexpected = new ConcurrentQueue<string>();
        var cutOff = 0;
        await using (var service = await ServiceProcess.StartAsync(_dataDirectory, Database, Node()))
        {
            var buyerToken = await service.TokenForAsync("buyer@demo.odr");
            var sellerToken = await service.TokenForAsync("seller@demo.odr");
            var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
            {
                using var buyer = service.CreateClient(buyerToken);
                using var seller = service.CreateClient(sellerToken);
                try
                {
                    for (var n = 0; ; n++)
                    {
                        await OneCaseAsync(buyer, seller, $"K-{worker}-{n}", acknowledged, unexpected);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref cutOff); // the node died under this request: it was never acknowledged
                }
            })).ToList();

            await Waiting.UntilAsync(() => acknowledged.Count >= KillAfter || workers.Any(w => w.IsCompleted), TimeSpan.FromSeconds(120),
                () => $"{KillAfter} acknowledged changes (have {acknowledged.Count})");
            await service.KillAsync();
            await Task.WhenAll(workers);
        }
        Assert.Empty(unexpected);
        var acks = acknowledged.ToList();
        output.WriteLine($"Killed after {acks.Count} acknowledged changes, with {cutOff} of {Workers} requests in flight; " +
            string.Join(", ", acks.GroupBy(a => a.What).Select(g => $"{g.Key} {g.Count()}")));

        await using var restarted = await ServiceProcess.StartAsync(_dataDirectory, Database, Node());
        using var buyerAfter = await restarted.SignInAsync("buyer@demo.odr");
        foreach (var ack in acks)
        {
            var url = $"/api/cases/{ack.CaseId}";
            var dispute = (await buyerAfter.GetFromJsonAsync<JsonObject>(url))!;
            switch (ack.What)
            {
                case "filed":
                    Assert.Equal(ack.Detail, (string)dispute["orderReference"]!);
                    break;
                case "offered":
                    Assert.Contains(dispute["offers"]!.AsArray(), o => (string)o!["id"]! == ack.Detail);
                    break;
                case "evidence":
                    var evidenceId = ack.Detail!.Split(' ')[0];
                    Assert.Contains(dispute["evidence"]!.AsArray(), e => (string)e!["id"]! == evidenceId);
                    var content = await buyerAfter.GetByteArrayAsync($"{url}/evidence/{evidenceId}");
                    Assert.Equal(ack.Detail.Split(' ')[1], Convert.ToHexStringLower(SHA256.HashData(content)));
                    break;
                case "settled":
                    Assert.Equal("settled", (string?)dispute["outcome"]);
                    break;
            }
        }

        // The work the acknowledged changes started runs to its end on the restarted node: each notice sent once (a
        // notice cut off between the mail file and its record goes again under the same Message-ID), each settlement
        // issued.
        await using var connection = await Sql.OpenAsync(Database);
        await Waiting.UntilAsync(async () => await Sql.PendingCommandsAsync(connection) == 0, TimeSpan.FromSeconds(120),
            "the restarted node to finish the notices and documents");
        Assert.Equal(0L, await Sql.CountAsync(connection, """SELECT count(*) FROM "WorkflowCommands" WHERE "Status" <> 'Done'"""));
        var recorded = await Sql.ColumnAsync<string>(connection, """SELECT "MessageId" FROM "SentNotices" """);
        var mailed = Directory.GetFiles(Path.Combine(_dataDirectory, "mail"), "*.eml")
            .Select(path => MimeMessage.Load(path).MessageIdHeader()).ToList();
        Assert.Equal(recorded.Order(StringComparer.Ordinal), mailed.Distinct().Order(StringComparer.Ordinal));
        foreach (var settled in acks.Where(a => a.What == "settled"))
        {
            var documents = (await buyerAfter.GetFromJsonAsync<JsonArray>($"/api/cases/{settled.CaseId}/documents"))!;
            Assert.Contains(documents, d => (string)d!["kind"]! == "settlement");
        }

        // Nothing half-done, acknowledged or not: every case has its workflow, and every history chain, evidence file and
        // document is whole.
        using var admin = await restarted.SignInAsync("admin@demo.odr");
        var audit = (await admin.GetFromJsonAsync<JsonObject>("/api/audit/verify"))!;
        Assert.True((bool)audit["valid"]!, audit.ToJsonString());
        var caseIds = await AllCaseIdsAsync(buyerAfter);
        Assert.Equal((int)audit["casesChecked"]!, caseIds.Count);
        Assert.Superset(acks.Select(a => a.CaseId).ToHashSet(), caseIds.ToHashSet());
        foreach (var id in caseIds)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/admin/workflows/cases/{id}")).StatusCode);
        }
    }

    /// <summary>A case's short life: filed, answered with an offer, a file added, the offer accepted; each step recorded once acknowledged.</summary>
    private static async Task OneCaseAsync(HttpClient buyer, HttpClient seller, string orderReference, ConcurrentQueue<Acknowledged> acknowledged,
        ConcurrentQueue<string> unexpected)
    {
        var filing = Filings.Valid();
        filing["orderReference"] = orderReference;
        if (await SucceededAsync(await buyer.PostAsJsonAsync("/api/cases", filing), unexpected) is not { } filed)
        {
            return;
        }
        var id = (string)filed["id"]!;
        acknowledged.Enqueue(new("filed", id, orderReference));

        var response = await seller.PostAsJsonAsync($"/api/cases/{id}/response", new
        {
            action = "counterOffer",
            offer = new { remedy = new { type = "partialRefund", amount = new { value = 30, currency = "EUR" } }, message = "Half" },
            statement = "It left our warehouse on time.",
            consentToArbitration = true,
        });
        if (await SucceededAsync(response, unexpected) is not { } responded)
        {
            return;
        }
        var offerId = (string)responded["offers"]![0]!["id"]!;
        acknowledged.Enqueue(new("offered", id, offerId));

        var note = Encoding.UTF8.GetBytes($"Courier's note for {orderReference}: left at the door.\n");
        if (await SucceededAsync(await buyer.PostAsync($"/api/cases/{id}/evidence", Upload(note, "courier.txt", "text/plain")), unexpected) is not { } evidence)
        {
            return;
        }
        acknowledged.Enqueue(new("evidence", id, $"{evidence["id"]} {Convert.ToHexStringLower(SHA256.HashData(note))}"));

        if (await SucceededAsync(await buyer.PostAsync($"/api/cases/{id}/offers/{offerId}/accept", null), unexpected) is not null)
        {
            acknowledged.Enqueue(new("settled", id));
        }
    }

    private static async Task<JsonObject?> SucceededAsync(HttpResponseMessage response, ConcurrentQueue<string> unexpected)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            unexpected.Enqueue($"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.AbsolutePath}: {(int)response.StatusCode} {body}");
            return null;
        }
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task<List<string>> AllCaseIdsAsync(HttpClient client)
    {
        var ids = new List<string>();
        for (var page = 1; ; page++)
        {
            var items = (await client.GetFromJsonAsync<JsonObject>($"/api/cases?page={page}&pageSize=100"))!["items"]!.AsArray();
            ids.AddRange(items.Select(i => (string)i!["id"]!));
            if (items.Count < 100)
            {
                return ids;
            }
        }
    }

    [Fact]
    public async Task AnSmtpOutageMidRun_DelaysTheNotices_AndEachIsDeliveredOnceWhenItReturns()
    {
        using var smtp = new SmtpServer();
        // A command's time limit is at most its lease: with the 5-s lease a notice that a busy machine takes longer to send
        // and record is retried while its first attempt goes on, and sent twice. The outage, not the limit, is under test.
        await using var service = await ServiceProcess.StartAsync(_dataDirectory, Database,
            Node(("Odr__Mail__Smtp__Host", "127.0.0.1"), ("Odr__Mail__Smtp__Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("Odr__Workflows__LeaseDuration", "00:00:30")));
        using var buyer = await service.SignInAsync("buyer@demo.odr");
        await using var connection = await Sql.OpenAsync(Database);
        var filed = new List<string>();
        async Task FileAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var filing = Filings.Valid();
                filing["orderReference"] = $"M-{filed.Count}";
                await Filings.FileAsync(buyer, filing);
                filed.Add($"M-{filed.Count}");
                await Task.Delay(100);
            }
        }

        await FileAsync(5);
        await Waiting.UntilAsync(() => SellerNoticesIn(smtp).Count == 5, TimeSpan.FromSeconds(30), "the first notices");

        // The SMTP server goes away while complaints keep coming: their notices fail and wait.
        smtp.Stop();
        var deliveredBefore = smtp.Messages().Count;
        await FileAsync(8);
        await Waiting.UntilAsync(async () => await FailedAndWaitingAsync(connection) >= 8, TimeSpan.FromSeconds(30),
            "the notices due during the outage to fail and wait");
        Assert.Equal(deliveredBefore, smtp.Messages().Count);

        smtp.Start();
        await FileAsync(5);
        await Waiting.UntilAsync(async () => await Sql.PendingCommandsAsync(connection) == 0, TimeSpan.FromMinutes(5),
            () => $"every notice sent after the outage ({smtp.Messages().Count} so far)");

        // Each complaint's notice reached the seller exactly once, and the mail server holds exactly what was recorded as sent.
        var toSeller = SellerNoticesIn(smtp);
        foreach (var reference in filed)
        {
            Assert.Single(toSeller, m => m.Subject!.Contains($"order {reference} ", StringComparison.Ordinal) || m.Subject!.EndsWith($"order {reference}", StringComparison.Ordinal));
        }
        var messageIds = smtp.Messages().Select(m => m.MessageIdHeader()).ToList();
        Assert.Equal(messageIds.Count, messageIds.Distinct().Count());
        var recorded = await Sql.ColumnAsync<string>(connection, """SELECT "MessageId" FROM "SentNotices" """);
        Assert.Equal(recorded.Order(StringComparer.Ordinal), messageIds.Order(StringComparer.Ordinal));
        Assert.Equal(0L, await Sql.CountAsync(connection, """SELECT count(*) FROM "WorkflowCommands" WHERE "Status" = 'DeadLettered'"""));
        output.WriteLine($"{filed.Count} complaints, {messageIds.Count} notices delivered once each; the longest wait took " +
            $"{await Sql.ScalarAsync<object>(connection, """SELECT max("Attempts") FROM "WorkflowCommands" """)} attempts");
    }

    private static List<MimeMessage> SellerNoticesIn(SmtpServer smtp) =>
        smtp.MessagesTo("seller@demo.odr").Where(m => m.Subject!.Contains("A complaint has been filed", StringComparison.Ordinal)).ToList();

    /// <summary>Notices tried at least once, failed, and waiting for their next attempt.</summary>
    private static Task<long> FailedAndWaitingAsync(DbConnection connection) => Sql.CountAsync(connection, """
        SELECT count(*) FROM "WorkflowCommands" WHERE "Type" = 'SendNotice' AND "Status" = 'Pending' AND "Attempts" >= 1 AND "LastError" IS NOT NULL
        """);

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
