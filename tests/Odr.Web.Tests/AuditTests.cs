using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Features.Chat;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.History;

namespace Odr.Web.Tests;

/// <summary>Every test of <see cref="AuditTests"/> writes a chat message for each case it makes, more than the usual limit allows.</summary>
public sealed class AuditFactory : OdrWebFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Odr:Chat:MessagesPerTenSeconds"] = "1000" };
}

/// <summary>The tamper-evident record: a correct history verifies; a row changed behind the service's back is caught and named.</summary>
public class AuditTests(AuditFactory factory) : IClassFixture<AuditFactory>
{
    private async Task<JsonObject> VerifyAsync() =>
        (await (await factory.ClientForAsync("regulator@demo.odr")).GetFromJsonAsync<JsonObject>("/api/audit/verify"))!;

    private static IEnumerable<string> BrokenNumbers(JsonObject result) =>
        result["brokenCases"]!.AsArray().Select(b => (string)b!["caseNumber"]!);

    private async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(sql, parameters));
    }

    /// <summary>A case with history, evidence and a chat message; its number.</summary>
    private async Task<(string Number, Guid Id)> CaseWithEverythingAsync()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(buyer);
        var id = Guid.Parse((string)filed["id"]!);
        var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()), "file", "receipt.pdf" } };
        (await buyer.PostAsync($"/api/cases/{id}/evidence", form)).EnsureSuccessStatusCode();
        await using var hub = await HubConnections.ConnectAsync(factory, "buyer@demo.odr");
        await hub.InvokeAsync("JoinCase", id);
        await hub.InvokeAsync<ChatMessageResponse>("SendMessage", id, "Please refund me.");
        return ((string)filed["number"]!, id);
    }

    [Fact]
    public async Task ACorrectHistory_Verifies_AndOnlyAuditorsMayAsk()
    {
        await CaseWithEverythingAsync();
        var result = await VerifyAsync();
        Assert.True((bool)result["valid"]!, result.ToJsonString());
        Assert.True((int)result["casesChecked"]! >= 1);
        Assert.True((int)result["eventsChecked"]! >= 4);

        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync("/api/audit/verify")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await factory.ClientForAsync("admin@demo.odr")).GetAsync("/api/audit/verify")).StatusCode);
    }

    [Theory]
    [InlineData("event", "UPDATE \"CaseEvents\" SET \"Canonical\" = replace(\"Canonical\", 'buyer', 'seller') WHERE \"DisputeId\" = {0} AND \"Seq\" = 1", "content does not match its hash")]
    [InlineData("column", "UPDATE \"CaseEvents\" SET \"Type\" = 'withdrawn' WHERE \"DisputeId\" = {0} AND \"Seq\" = 2", "columns differ")]
    [InlineData("deleted", "DELETE FROM \"CaseEvents\" WHERE \"DisputeId\" = {0} AND \"Seq\" = 2", "missing")]
    [InlineData("message", "UPDATE \"ChatMessages\" SET \"Text\" = 'I withdraw everything.' WHERE \"DisputeId\" = {0}", "text does not match its hash")]
    [InlineData("message hash", "UPDATE \"ChatMessages\" SET \"Sha256\" = '0000000000000000000000000000000000000000000000000000000000000000' WHERE \"DisputeId\" = {0}", "differs from the one the history recorded")]
    [InlineData("message channel", "UPDATE \"ChatMessages\" SET \"Channel\" = 'CaucusBuyer' WHERE \"DisputeId\" = {0}", "differs from the one the history recorded")]
    [InlineData("channel chain entry", "UPDATE \"ChannelEvents\" SET \"Canonical\" = replace(\"Canonical\", '\"buyer\"', '\"seller\"') WHERE \"DisputeId\" = {0}", "joint chain entry 1: its content does not match its hash")]
    [InlineData("channel chain commitment", "UPDATE \"ChannelEvents\" SET \"Canonical\" = substr(\"Canonical\", 1, length(\"Canonical\") - 5) || '00\"}}}}', \"Hash\" = '0000000000000000000000000000000000000000000000000000000000000000' WHERE \"DisputeId\" = {0}", "differs from the one the history recorded")]
    [InlineData("channel chain entry deleted", "DELETE FROM \"ChannelEvents\" WHERE \"DisputeId\" = {0}", "stored without an event in the history")]
    [InlineData("evidence hash", "UPDATE \"Evidence\" SET \"Sha256\" = 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff' WHERE \"DisputeId\" = {0}", "differs from the one the history recorded")]
    public async Task ARowChangedBehindTheServicesBack_IsCaughtForThatCase(string what, string sql, string problem)
    {
        var (number, id) = await CaseWithEverythingAsync();
        var (untouched, _) = await CaseWithEverythingAsync();

        await ExecuteAsync(sql, factory.Database.Key(id));

        var result = await VerifyAsync();
        Assert.False((bool)result["valid"]!, what);
        Assert.Contains(number, BrokenNumbers(result));
        Assert.DoesNotContain(untouched, BrokenNumbers(result));
        var problems = result["brokenCases"]!.AsArray().Single(b => (string)b!["caseNumber"]! == number)!["problems"]!.AsArray().Select(p => (string)p!);
        Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));

        // Put it right so that the other tests of this class start from a clean record.
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        var caseId = new Domain.Disputes.DisputeId(id);
        await db.Set<ChatDigest>().Where(d => d.DisputeId == caseId).ExecuteDeleteAsync();
        await db.Set<ChatMessage>().Where(m => m.DisputeId == caseId).ExecuteDeleteAsync();
        await db.Set<ChannelEvent>().Where(e => e.DisputeId == caseId).ExecuteDeleteAsync();
        await db.Evidence.Where(e => e.DisputeId == caseId).ExecuteDeleteAsync();
        await db.CaseEvents.Where(e => e.DisputeId == caseId).ExecuteDeleteAsync();
        await db.Set<Odr.Workflows.Persistence.WorkflowInstance>().Where(i => i.CorrelationId == id.ToString()).ExecuteDeleteAsync();
        await db.Cases.Where(c => c.Id == caseId).ExecuteDeleteAsync();
    }

    /// <summary>
    /// Messages written before each chat channel had a chain of its own keep their plain hash in the case's history, which
    /// is not rewritten (ADR 008): such a case still verifies, and a change to such a message is still caught.
    /// </summary>
    [Fact]
    public async Task AnOlderCasesMessage_VouchedForInTheCasesHistory_StillVerifies_AndAChangeIsCaught()
    {
        var filed = await Filings.FileAsync(await factory.ClientForAsync("buyer@demo.odr"));
        var id = Guid.Parse((string)filed["id"]!);
        var number = (string)filed["number"]!;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // As the service wrote a message before: no salt, and the text's SHA-256 in a messagePosted event of the case.
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            var caseId = new Domain.Disputes.DisputeId(id);
            var last = await db.CaseEvents.Where(e => e.DisputeId == caseId).OrderByDescending(e => e.Seq).FirstAsync();
            var buyer = await db.Users.SingleAsync(u => u.Email == "buyer@demo.odr");
            var message = new ChatMessage
            {
                Id = Guid.CreateVersion7(), DisputeId = caseId, Seq = 1, Channel = Domain.Disputes.ChatChannel.CaucusBuyer,
                SenderUserId = buyer.UserId, SenderRole = Domain.Parties.CaseRole.Buyer, SenderName = buyer.NameForDisplay,
                Text = "I'd accept 25", Sha256 = ChatMessage.Commit(null, "I'd accept 25"), SentAt = last.At,
            };
            var canonical = CaseHistory.Canonicalize(last.Seq + 1, "messagePosted", last.At, Domain.Parties.CaseRole.Buyer,
                new { messageId = message.Id, channel = message.Channel, sha256 = message.Sha256 });
            db.Add(message);
            db.CaseEvents.Add(new CaseEvent
            {
                DisputeId = caseId, Seq = last.Seq + 1, Type = "messagePosted", At = last.At, ActorRole = "buyer", Canonical = canonical,
                PreviousHash = last.Hash, Hash = CaseHistory.ComputeHash(last.Hash, canonical),
            });
            await db.SaveChangesAsync();
        }
        Assert.DoesNotContain(number, BrokenNumbers(await VerifyAsync()));

        await ExecuteAsync("UPDATE \"ChatMessages\" SET \"Text\" = 'I would accept 5' WHERE \"DisputeId\" = {0}", factory.Database.Key(id));
        var broken = (await VerifyAsync())["brokenCases"]!.AsArray().Single(b => (string)b!["caseNumber"]! == number)!;
        Assert.Contains("chat message 1: its text does not match its hash", broken["problems"]!.AsArray().Select(p => (string)p!));
        await ExecuteAsync("UPDATE \"ChatMessages\" SET \"Text\" = 'I''d accept 25' WHERE \"DisputeId\" = {0}", factory.Database.Key(id));
    }

    [Fact]
    public async Task AnIssuedDocumentAlteredInStorage_IsCaught()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var seller = await factory.ClientForAsync("seller@demo.odr");
        var filed = await Filings.FileAsync(buyer);
        (await seller.PostAsJsonAsync($"/api/cases/{filed["id"]}/response", new { action = "accept", consentToArbitration = false })).EnsureSuccessStatusCode();
        await factory.DrainWorkflowsAsync();
        var document = (await buyer.GetFromJsonAsync<JsonArray>($"/api/cases/{filed["id"]}/documents"))!.Single()!;
        var path = Path.Combine(factory.DataDirectory, "documents", Guid.Parse((string)document["id"]!).ToString("N") + ".pdf");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);

        var result = await VerifyAsync();
        var broken = result["brokenCases"]!.AsArray().Single(b => (string)b!["caseNumber"]! == (string)filed["number"]!)!;
        Assert.Contains(broken["problems"]!.AsArray(), p => ((string)p!).Contains("stored file does not match its hash", StringComparison.Ordinal));

        // Covering it up by writing the altered file's hash into the row is caught too: the history vouches for the original.
        await ExecuteAsync("UPDATE \"Documents\" SET \"Sha256\" = {0} WHERE \"DisputeId\" = {1}",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), factory.Database.Key(Guid.Parse((string)filed["id"]!)));
        broken = (await VerifyAsync())["brokenCases"]!.AsArray().Single(b => (string)b!["caseNumber"]! == (string)filed["number"]!)!;
        var problems = broken["problems"]!.AsArray().Select(p => (string)p!).ToList();
        Assert.Contains(problems, p => p.Contains("differs from the one the history recorded", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("stored file does not match", StringComparison.Ordinal));
    }

    /// <summary>
    /// An evidence file is what a party relies on: one swapped or removed on disk is named by the audit check, and its
    /// download says the file cannot be read (503, not a 500) on the API and the case page.
    /// </summary>
    [Fact]
    public async Task AnEvidenceFileAlteredOrRemovedInStorage_IsCaught_AndItsDownloadSaysSo()
    {
        var (number, id) = await CaseWithEverythingAsync();
        var path = Directory.GetFiles(Path.Combine(factory.DataDirectory, "evidence", id.ToString("N"))).Single();
        var evidenceId = Guid.ParseExact(Path.GetFileName(path), "N");
        var original = await File.ReadAllBytesAsync(path);
        async Task<List<string>> ProblemsAsync() =>
            (await VerifyAsync())["brokenCases"]!.AsArray().SingleOrDefault(b => (string)b!["caseNumber"]! == number)?["problems"]!
                .AsArray().Select(p => (string)p!).ToList() ?? [];
        try
        {
            await File.WriteAllBytesAsync(path, [.. original.Take(original.Length - 1), (byte)'!']);
            Assert.Contains($"evidence {evidenceId}: the stored file does not match its hash", await ProblemsAsync());

            File.Delete(path);
            Assert.Contains($"evidence {evidenceId}: the stored file is missing", await ProblemsAsync());

            var download = await (await factory.ClientForAsync("seller@demo.odr")).GetAsync($"/api/cases/{id}/evidence/{evidenceId}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, download.StatusCode);
            Assert.Equal("application/problem+json", download.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(download.Headers.RetryAfter);
            var problem = (await download.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("A stored file cannot be read.", (string)problem["title"]!);
            Assert.Contains("evidence file cannot be read from storage", (string)problem["detail"]!, StringComparison.Ordinal);

            var browser = await factory.BrowserForAsync("buyer@demo.odr");
            var page = await browser.GetAsync($"/Cases/Details/{id}?handler=Evidence&evidenceId={evidenceId}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Contains("This file cannot be read from storage at the moment.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await File.WriteAllBytesAsync(path, original);
        }
        Assert.Empty(await ProblemsAsync());
        Assert.Equal(HttpStatusCode.OK, (await (await factory.ClientForAsync("seller@demo.odr")).GetAsync($"/api/cases/{id}/evidence/{evidenceId}")).StatusCode);
    }

    [Fact]
    public async Task ACasesChain_CanBeDownloadedAndVerifiedOffline()
    {
        var (number, id) = await CaseWithEverythingAsync();
        var regulator = await factory.ClientForAsync("regulator@demo.odr");
        var chain = (await regulator.GetFromJsonAsync<JsonObject>($"/api/audit/cases/{id}/chain"))!;
        Assert.Equal(number, (string)chain["caseNumber"]!);

        // What an auditor does with the file, with nothing but SHA-256 (docs/audit.md).
        var previous = new string('0', 64);
        foreach (var e in chain["events"]!.AsArray())
        {
            Assert.Equal(previous, (string)e!["previousHash"]!);
            var recomputed = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes(previous + (string)e["canonical"]!)));
            Assert.Equal(recomputed, (string)e["hash"]!);
            previous = recomputed;
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.ClientForAsync("seller@demo.odr")).GetAsync($"/api/audit/cases/{id}/chain")).StatusCode);
        Assert.Equal(CaseEvent.GenesisHash, new string('0', 64));
    }
}
