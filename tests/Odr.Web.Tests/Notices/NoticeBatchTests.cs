using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Notices;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Email;
using Odr.Workflows.Persistence;

namespace Odr.Web.Tests.Notices;

/// <summary>
/// The service with a real SMTP server, and a mail sender in front of it that notes how many notices were recorded
/// (committed) when each message went out, and fails for the addresses in <see cref="Failing"/> as a dropped connection does.
/// </summary>
public sealed class WatchedMailFactory : OdrWebFactory
{
    public SmtpServer Smtp { get; } = new();

    /// <summary>Addresses whose mail fails for now (a transient failure: retried).</summary>
    public ConcurrentDictionary<string, bool> Failing { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Each message handed to the server, with the count of recorded notices of its case committed at that moment.</summary>
    public ConcurrentQueue<(string To, string Subject, int RecordedBefore)> Sent { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Odr:Mail:Smtp:Host"] = "127.0.0.1",
        ["Odr:Mail:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Odr:Mail:From"] = "ODR Service <notices@odr.example>",
        ["Odr:PublicBaseUrl"] = "https://odr.example",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IMailSender>();
            services.AddSingleton<SmtpMailSender>();
            services.AddSingleton<IMailSender>(sp => new WatchingSender(this, sp.GetRequiredService<SmtpMailSender>(), sp));
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Smtp.Dispose();
        }
    }

    private sealed class WatchingSender(WatchedMailFactory factory, IMailSender inner, IServiceProvider services) : IMailSender
    {
        public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
        {
            if (factory.Failing.ContainsKey(mail.To))
            {
                throw new IOException("The connection was reset (as the test asks).");
            }
            // Read on a connection of its own: only what is committed.
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            Assert.True(CaseNumber.TryParse(mail.Subject[1..mail.Subject.IndexOf(']', StringComparison.Ordinal)], out var number), mail.Subject);
            var recorded = await db.Set<SentNotice>().CountAsync(n => db.Cases.Any(c => c.Id == n.DisputeId && c.Number == number), ct);
            factory.Sent.Enqueue((mail.To, mail.Subject, recorded));
            await inner.SendAsync(mail, ct);
        }
    }
}

/// <summary>The notices of one event go out on one command and are recorded in one transaction; a failing recipient is retried alone.</summary>
public class NoticeBatchTests(WatchedMailFactory factory) : IClassFixture<WatchedMailFactory>
{
    private static async Task<List<WorkflowCommand>> CommandsOfAsync(OdrDbContext db, string caseId) =>
        await db.Set<WorkflowCommand>().AsNoTracking().Where(c => c.PayloadJson.Contains(caseId) && (c.Type == "SendNotices" || c.Type == "SendNotice")).ToListAsync();

    [Fact]
    public async Task Filing_SendsTheSellersNoticeAndTheBuyersReceipt_OnOneCommand_RecordedInOneTransaction()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(buyer, Filings.Valid("together@seller.example"));
        var number = (string)filed["number"]!;

        await factory.DrainWorkflowsAsync();

        var sent = factory.Sent.Where(s => s.Subject.StartsWith($"[{number}]", StringComparison.Ordinal)).ToList();
        Assert.Equal(["buyer@demo.odr", "together@seller.example"], sent.Select(s => s.To).Order(StringComparer.Ordinal));
        // Neither record was committed while the other notice was on its way: both commit together, after both went out.
        Assert.All(sent, s => Assert.Equal(0, s.RecordedBefore));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        var id = new DisputeId(Guid.Parse((string)filed["id"]!));
        Assert.Equal([(NoticeKind.ComplaintFiled, CaseRole.Seller), (NoticeKind.FilingReceipt, CaseRole.Buyer)],
            (await db.Set<SentNotice>().Where(n => n.DisputeId == id).ToListAsync()).Select(n => (n.Kind, n.Recipient)).Order());
        var command = Assert.Single(await CommandsOfAsync(db, (string)filed["id"]!));
        Assert.Equal(("SendNotices", CommandStatus.Done, 1), (command.Type, command.Status, command.Attempts));
    }

    [Fact]
    public async Task ARecipientWhoseMailFails_IsRetriedAlone_AndTheOthersAreNotSentAgain()
    {
        const string seller = "flaky@seller.example";
        factory.Failing[seller] = true;
        JsonObject filed;
        try
        {
            var buyer = await factory.ClientForAsync("buyer@demo.odr");
            filed = await Filings.FileAsync(buyer, Filings.Valid(seller));
            await factory.DrainWorkflowsAsync();

            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            var commands = await CommandsOfAsync(db, (string)filed["id"]!);
            Assert.Equal(CommandStatus.Done, commands.Single(c => c.Type == "SendNotices").Status);
            var retry = commands.Single(c => c.Type == "SendNotice");
            Assert.Contains(":notice:ComplaintFiled:Seller:", retry.IdempotencyKey, StringComparison.Ordinal);
            Assert.Equal((CommandStatus.Pending, 1), (retry.Status, retry.Attempts));
            Assert.Contains("connection was reset", retry.LastError, StringComparison.Ordinal);
        }
        finally
        {
            factory.Failing.TryRemove(seller, out _);
        }
        var number = (string)filed["number"]!;
        Assert.Single(factory.Smtp.MessagesTo("buyer@demo.odr"), m => m.Subject!.StartsWith($"[{number}]", StringComparison.Ordinal));
        Assert.Empty(factory.Smtp.MessagesTo(seller));

        await factory.AdvanceAsync(TimeSpan.FromMinutes(1)); // past the retry's backoff

        Assert.Single(factory.Smtp.MessagesTo(seller));
        Assert.Single(factory.Smtp.MessagesTo("buyer@demo.odr"), m => m.Subject!.StartsWith($"[{number}]", StringComparison.Ordinal));
        await using var after = factory.Services.CreateAsyncScope();
        var records = after.ServiceProvider.GetRequiredService<OdrDbContext>();
        var id = new DisputeId(Guid.Parse((string)filed["id"]!));
        Assert.Equal(2, await records.Set<SentNotice>().CountAsync(n => n.DisputeId == id));
        Assert.All(await CommandsOfAsync(records, (string)filed["id"]!), c => Assert.Equal(CommandStatus.Done, c.Status));
    }
}
