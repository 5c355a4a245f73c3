using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Odr.Web.Infrastructure;
using Odr.Workflows.Persistence;

namespace Odr.Web.Tests;

/// <summary>The service with its SMTP settings pointed at a real SMTP server on loopback.</summary>
public sealed class SmtpWebFactory : OdrWebFactory
{
    public SmtpServer Smtp { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Odr:Mail:Smtp:Host"] = "127.0.0.1",
        ["Odr:Mail:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Odr:Mail:From"] = "ODR Service <notices@odr.example>",
        ["Odr:PublicBaseUrl"] = "https://odr.example",
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Smtp.Dispose();
        }
    }
}

public class EmailTests(SmtpWebFactory factory) : IClassFixture<SmtpWebFactory>
{
    private static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Sends every dead-lettered command of a case again, as an admin does (a filing has the seller's notice and the buyer's receipt).</summary>
    private static async Task RetryTheRestAsync(HttpClient admin, string caseId)
    {
        foreach (var dead in (await admin.GetFromJsonAsync<JsonArray>("/api/admin/workflows/dead-letters"))!
                     .Where(d => (string)d!["correlationId"]! == caseId))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/workflows/dead-letters/{dead!["id"]}/retry", null)).StatusCode);
        }
    }

    private static string NumberOf(JsonObject c) => (string)c["number"]!;

    [Fact]
    public async Task Filing_DeliversOneEmailToTheSeller_InTheirLanguage_WithTheLink()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filing = Filings.Valid("new.shop@seller.example");
        var filed = await Filings.FileAsync(buyer, filing);
        await factory.DrainWorkflowsAsync();

        var mail = Assert.Single(factory.Smtp.MessagesTo("new.shop@seller.example"));
        Assert.Equal($"[{NumberOf(filed)}] A complaint has been filed about order A-1001", mail.Subject);
        Assert.Contains("Register with this e-mail address", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://odr.example/Account/Register?email=new.shop%40seller.example&returnUrl=%2FCases%2FDetails%2F{filed["id"]}", mail.TextBody, StringComparison.Ordinal);
        Assert.NotNull(mail.HtmlBody);
        Assert.Contains("<a href=", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Matches($"<{NumberOf(filed)}\\.[0-9a-f]+@odr\\.example>", mail.MessageIdHeader());
        Assert.Equal($"<{NumberOf(filed)}@odr.example>", mail.Headers[HeaderId.InReplyTo]);
    }

    [Fact]
    public async Task ASellerWhoReadsChinese_GetsTheNoticeInChinese_WithTheEnglishSubjectBeside()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(buyer); // against seller@demo.odr, whose account reads Chinese
        await factory.DrainWorkflowsAsync();

        var mail = Assert.Single(factory.Smtp.MessagesTo("seller@demo.odr"), m => m.Subject!.StartsWith($"[{NumberOf(filed)}]", StringComparison.Ordinal));
        Assert.Equal($"[{NumberOf(filed)}] 有人就订单 A-1001 提出了投诉 / A complaint has been filed about order A-1001", mail.Subject);
        Assert.Contains("请使用本邮箱地址登录", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Award_DeliversOneEmailToEachParty_WithTheRulingAttached()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var seller = await factory.ClientForAsync("seller@demo.odr");
        var filed = await Filings.FileAsync(buyer);
        var url = $"/api/cases/{filed["id"]}";
        await OkAsync(await seller.PostAsJsonAsync($"{url}/response", new { action = "contest", statement = "Delivered.", consentToArbitration = true }));
        await OkAsync(await buyer.PostAsJsonAsync($"{url}/escalate", new { reason = "No progress." }));
        await factory.DrainWorkflowsAsync();
        var mediator = await factory.ClientForUserAsync(Guid.Parse((string)(await buyer.GetFromJsonAsync<JsonObject>(url))!["mediatorId"]!));
        await OkAsync(await mediator.PostAsJsonAsync($"{url}/mediation/impasse", new { note = "No agreement." }));
        await factory.DrainWorkflowsAsync();
        var arbitrator = await factory.ClientForUserAsync(Guid.Parse((string)(await buyer.GetFromJsonAsync<JsonObject>(url))!["arbitratorId"]!));
        await OkAsync(await arbitrator.PostAsJsonAsync($"{url}/award", new { decision = "fullRefund", governingLaw = "DE", reasons = "Not delivered." }));
        await factory.DrainWorkflowsAsync();

        var ruling = (await buyer.GetFromJsonAsync<JsonArray>($"{url}/documents"))!.Single()!;
        foreach (var (address, subject) in new[] { ("buyer@demo.odr", "The arbitral award"), ("seller@demo.odr", "仲裁裁决 / The arbitral award") })
        {
            var mail = Assert.Single(factory.Smtp.MessagesTo(address), m => m.Subject == $"[{NumberOf(filed)}] {subject}");
            var (fileName, content) = Assert.Single(mail.Attachments).Read();
            Assert.EndsWith("-ruling.pdf", fileName, StringComparison.Ordinal);
            Assert.Equal((string)ruling["sha256"]!, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));
        }
        // Along the way each party heard of each step, and the neutrals of their assignment.
        Assert.Contains(factory.Smtp.MessagesTo("buyer@demo.odr"), m => m.Subject!.Contains("The seller has responded", StringComparison.Ordinal));
        Assert.Contains(factory.Smtp.Messages(), m => m.Subject!.Contains("You have been assigned as the arbitrator", StringComparison.Ordinal)
            || m.Subject!.Contains("您已被指定为仲裁员", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithTheSmtpServerDown_NoticesWait_AndAreDeliveredOnceWhenItReturns()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        factory.Smtp.Stop();
        JsonObject filed;
        try
        {
            filed = await Filings.FileAsync(buyer, Filings.Valid("outage@seller.example"));
            await factory.DrainWorkflowsAsync();
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            var waiting = await db.Set<WorkflowCommand>().Where(c => c.Type == "SendNotice" && c.PayloadJson.Contains((string)filed["id"]!) && c.IdempotencyKey.Contains(":notice:ComplaintFiled:"))
                .ToListAsync();
            var notice = Assert.Single(waiting);
            Assert.Equal((CommandStatus.Pending, 1), (notice.Status, notice.Attempts));
            Assert.NotNull(notice.LastError);
        }
        finally
        {
            factory.Smtp.Start();
        }
        Assert.Empty(factory.Smtp.MessagesTo("outage@seller.example"));

        await factory.AdvanceAsync(TimeSpan.FromMinutes(1)); // past the first backoff
        await factory.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Single(factory.Smtp.MessagesTo("outage@seller.example"));
    }

    [Fact]
    public async Task ANoticeRunAgain_IsNotSentTwice()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(buyer, Filings.Valid("twice@seller.example"));
        await factory.DrainWorkflowsAsync();
        Assert.Single(factory.Smtp.MessagesTo("twice@seller.example"));

        // As if the command's completion were lost (a crash after the commit): it runs again under the same key.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            // The filing's notices (the seller's and the buyer's receipt) go out on one command.
            var changed = await db.Set<WorkflowCommand>().Where(c => c.Type == "SendNotices" && c.PayloadJson.Contains((string)filed["id"]!) && c.PayloadJson.Contains(":notice:ComplaintFiled:"))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CommandStatus.Pending).SetProperty(c => c.LeaseUntil, (DateTimeOffset?)null));
            Assert.Equal(1, changed);
        }
        Assert.Equal(1, await factory.DrainWorkflowsAsync());

        Assert.Single(factory.Smtp.MessagesTo("twice@seller.example"));
    }

    [Fact]
    public async Task ANoticeThatKeepsFailing_IsDeadLettered_AndAdminsSeeIt()
    {
        var filed = await FileWhileTheMailServerIsDownAsync("gone@seller.example", TimeSpan.Zero);
        var admin = await factory.ClientForAsync("admin@demo.odr");
        var dead = (await admin.GetFromJsonAsync<JsonArray>("/api/admin/workflows/dead-letters"))!;
        Assert.Contains(dead, d => (string)d!["type"]! == "SendNotice" && (string)d["correlationId"]! == (string)filed["id"]!);
        await factory.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Empty(factory.Smtp.MessagesTo("gone@seller.example")); // dead letters stay put until an admin acts

        // The admin page lists it; "Try again" gives it fresh attempts, and the mail server is back.
        var notice = dead.First(d => (string)d!["correlationId"]! == (string)filed["id"]!)!;
        var adminPage = await factory.BrowserForAsync("admin@demo.odr");
        Assert.Contains((string)filed["id"]!, await adminPage.GetStringAsync("/Admin"), StringComparison.Ordinal);
        var retry = await adminPage.PostAsync("/Admin?handler=Retry", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["commandId"] = (string)notice["id"]!, ["__RequestVerificationToken"] = await OdrWebFactory.FormTokenAsync(adminPage, "/Admin"),
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, retry.StatusCode);
        var api = await factory.ClientForAsync("admin@demo.odr");
        await RetryTheRestAsync(api, (string)filed["id"]!); // the buyer's filing receipt went nowhere either
        await factory.DrainWorkflowsAsync();
        Assert.Single(factory.Smtp.MessagesTo("gone@seller.example"));
        Assert.DoesNotContain((await api.GetFromJsonAsync<JsonArray>("/api/admin/workflows/dead-letters"))!,
            d => (string)d!["correlationId"]! == (string)filed["id"]!);
        Assert.Equal(System.Net.HttpStatusCode.NotFound,
            (await api.PostAsync($"/api/admin/workflows/dead-letters/{notice["id"]}/retry", null)).StatusCode);
    }

    /// <summary>
    /// The seller's notice of the complaint cannot be delivered (the mail server down through every retry): the case
    /// records it, the buyer sees that the seller has not been reached, and the seller's deadline passes without moving
    /// the case on (held, in the history). Once an admin sends the notice again and it is delivered, the seller gets a
    /// fresh full period from then, and only that one moves the case to mediation.
    /// </summary>
    [Fact]
    public async Task AComplaintNoticeThatCannotBeDelivered_HoldsTheSellersDeadline_UntilItIs_ThenAFullPeriodRuns()
    {
        // Well past the 7-day response deadline.
        var filed = await FileWhileTheMailServerIsDownAsync("unreached@seller.example", TimeSpan.FromDays(8));
        var url = $"/api/cases/{filed["id"]}";
        var buyer = await factory.ClientForAsync("buyer@demo.odr"); // a token from before the days passed has expired
        var held = (await buyer.GetFromJsonAsync<JsonObject>(url))!;
        Assert.Equal("awaitingResponse", (string)held["stage"]!);
        var undelivered = held["undeliveredNotices"]!.AsArray().Single(n => (string)n!["recipient"]! == "seller");
        Assert.Equal("seller", (string)undelivered!["recipient"]!);
        Assert.Equal("ComplaintFiled", (string)undelivered["kind"]!);
        var events = await EventTypesAsync(buyer, url);
        Assert.Contains("noticeUndelivered", events);
        Assert.Contains("deadlineHeld", events);
        Assert.DoesNotContain("escalated", events);
        var page = await (await factory.BrowserForAsync("buyer@demo.odr")).GetStringAsync($"/Cases/Details/{filed["id"]}");
        Assert.Contains("The seller has not been reached yet", page, StringComparison.Ordinal);

        var admin = await factory.ClientForAsync("admin@demo.odr");
        await RetryTheRestAsync(admin, (string)filed["id"]!); // the seller's notice, and the buyer's filing receipt
        await factory.DrainWorkflowsAsync();

        Assert.Single(factory.Smtp.MessagesTo("unreached@seller.example"));
        var reached = (await buyer.GetFromJsonAsync<JsonObject>(url))!;
        Assert.Empty(reached["undeliveredNotices"]!.AsArray());
        Assert.Equal(factory.Clock.GetUtcNow().AddDays(7), DateTimeOffset.Parse((string)reached["deadline"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("noticeDelivered", await EventTypesAsync(buyer, url));
        Assert.DoesNotContain("The seller has not been reached yet",
            await (await factory.BrowserForAsync("buyer@demo.odr")).GetStringAsync($"/Cases/Details/{filed["id"]}"), StringComparison.Ordinal);

        await factory.AdvanceAsync(TimeSpan.FromDays(6));
        Assert.Equal("awaitingResponse", (string)(await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonObject>(url))!["stage"]!);
        await factory.AdvanceAsync(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal("mediation", (string)(await (await factory.ClientForAsync("buyer@demo.odr")).GetFromJsonAsync<JsonObject>(url))!["stage"]!);
    }

    /// <summary>
    /// A notice the mail library or server refuses for good (here an order reference with a line break that reached the
    /// database before the text rule, which cannot go in a subject) is dead-lettered at the first attempt, not after
    /// eight, and the case shows it at once.
    /// </summary>
    [Fact]
    public async Task ANoticeRefusedForGood_IsDeadLetteredAtOnce_AndTheCaseShowsIt()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(buyer, Filings.Valid("refused@seller.example"));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            Assert.Equal(1, await db.Database.ExecuteSqlAsync($"UPDATE \"Cases\" SET \"OrderReference\" = {"A-1001\r\nBcc: x@evil.example"} WHERE \"Number\" = {(string)filed["number"]!}"));
        }

        await factory.DrainWorkflowsAsync();

        var admin = await factory.ClientForAsync("admin@demo.odr");
        var dead = (await admin.GetFromJsonAsync<JsonArray>("/api/admin/workflows/dead-letters"))!
            .Single(d => (string)d!["correlationId"]! == (string)filed["id"]!)!;
        Assert.Equal(1, (int)dead["attempts"]!);
        Assert.Empty(factory.Smtp.MessagesTo("refused@seller.example"));
        var shown = (await buyer.GetFromJsonAsync<JsonObject>($"/api/cases/{filed["id"]}"))!;
        Assert.Equal("seller", (string)Assert.Single(shown["undeliveredNotices"]!.AsArray())!["recipient"]!);
    }

    /// <summary>
    /// The seller's mail server refuses the address: for good (550, no such mailbox) the notice is dead-lettered at the
    /// first attempt and the case shows it; for now (451) it waits for another try, as when the server is down.
    /// </summary>
    [Fact]
    public async Task ANoticeTheServerRefusesForGood_IsDeadLetteredAtOnce_WhileOneRefusedForNow_Waits()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var gone = await Filings.FileAsync(buyer, Filings.Valid("no-such-mailbox@seller.example"));
        var busy = await Filings.FileAsync(buyer, Filings.Valid("mailbox-busy@seller.example"));

        await factory.DrainWorkflowsAsync();

        var admin = await factory.ClientForAsync("admin@demo.odr");
        var dead = (await admin.GetFromJsonAsync<JsonArray>("/api/admin/workflows/dead-letters"))!;
        Assert.Equal(1, (int)dead.Single(d => (string)d!["correlationId"]! == (string)gone["id"]!)!["attempts"]!);
        Assert.DoesNotContain(dead, d => (string)d!["correlationId"]! == (string)busy["id"]!);
        var shown = (await buyer.GetFromJsonAsync<JsonObject>($"/api/cases/{gone["id"]}"))!;
        Assert.Equal("seller", (string)Assert.Single(shown["undeliveredNotices"]!.AsArray())!["recipient"]!);
        await using var scope = factory.Services.CreateAsyncScope();
        var waiting = await scope.ServiceProvider.GetRequiredService<OdrDbContext>().Set<WorkflowCommand>()
            .SingleAsync(c => c.Type == "SendNotice" && c.PayloadJson.Contains((string)busy["id"]!) && c.IdempotencyKey.Contains(":notice:ComplaintFiled:"));
        Assert.Equal((CommandStatus.Pending, 1), (waiting.Status, waiting.Attempts));
        Assert.Contains("Mailbox busy", waiting.LastError, StringComparison.Ordinal);
    }

    /// <summary>
    /// Files against <paramref name="sellerEmail"/> while the mail server is down, long enough for the seller's notice to
    /// be dead-lettered (8 attempts with backoff), and <paramref name="thenWait"/> more; the server is back afterwards.
    /// </summary>
    private async Task<JsonObject> FileWhileTheMailServerIsDownAsync(string sellerEmail, TimeSpan thenWait)
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        factory.Smtp.Stop();
        try
        {
            var filed = await Filings.FileAsync(buyer, Filings.Valid(sellerEmail));
            for (var i = 0; i < 12; i++)
            {
                await factory.AdvanceAsync(TimeSpan.FromMinutes(5));
            }
            await factory.AdvanceAsync(thenWait);
            return filed;
        }
        finally
        {
            factory.Smtp.Start();
        }
    }

    private static async Task<List<string>> EventTypesAsync(HttpClient client, string url) =>
        (await client.GetFromJsonAsync<JsonArray>($"{url}/events"))!.Select(e => (string)e!["type"]!).ToList();
}
