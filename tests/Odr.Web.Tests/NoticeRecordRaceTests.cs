using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.Notices;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Email;

namespace Odr.Web.Tests;

/// <summary>The service with a mail sender that lets the buyer act on the case while the seller's notice is being sent.</summary>
public sealed class RacingMailFactory : OdrWebFactory
{
    public const string Seller = "race.shop@seller.example";

    /// <summary>The case to change while its first notice to <see cref="Seller"/> is on its way.</summary>
    public DisputeId? RaceOn { get; set; }

    private int _complaintNoticesSent;

    public int ComplaintNoticesSent => _complaintNoticesSent;

    private void CountComplaintNotice() => Interlocked.Increment(ref _complaintNoticesSent);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IMailSender>();
            services.AddSingleton<SmtpMailSender>();
            services.AddSingleton<IMailSender>(sp => new RacingSender(this, sp.GetRequiredService<SmtpMailSender>(), sp));
        });
    }

    private sealed class RacingSender(RacingMailFactory factory, IMailSender inner, IServiceProvider services) : IMailSender
    {
        private int _raced;

        public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
        {
            if (mail.To == Seller && factory.RaceOn is { } id && Interlocked.Exchange(ref _raced, 1) == 0)
            {
                // Another request commits a change to the case between the handler's read and its record of the delivery.
                // The case's other commands (its deadline's expiry) may run meanwhile: a withdrawal that meets one of them
                // is sent again, as the buyer's page would after a conflict.
                for (var attempt = 1; ; attempt++)
                {
                    await using var scope = services.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
                    var dispute = await db.LoadCaseAsync(id, ct) ?? throw new InvalidOperationException("No case to race on.");
                    dispute.Withdraw(CaseRole.Buyer, factory.Clock.GetUtcNow(),
                        scope.ServiceProvider.GetRequiredService<IOptions<DeadlineOptions>>().Value.ToPeriods());
                    try
                    {
                        await db.SaveChangesAsync(ct);
                        break;
                    }
                    catch (DbUpdateConcurrencyException) when (attempt < 5)
                    {
                    }
                }
            }
            await inner.SendAsync(mail, ct);
            if (mail.To == Seller && mail.Subject.Contains("A complaint has been filed", StringComparison.Ordinal))
            {
                factory.CountComplaintNotice();
            }
        }
    }
}

public class NoticeRecordRaceTests(RacingMailFactory factory) : IClassFixture<RacingMailFactory>
{
    [Fact]
    public async Task ACaseChangedWhileItsNoticeWasSent_RecordsTheDelivery_AndSendsTheNoticeOnce()
    {
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(buyer, Filings.Valid(RacingMailFactory.Seller));
        factory.RaceOn = new DisputeId(Guid.Parse((string)filed["id"]!));
        // The response deadline passes before the notice goes out, so recording its delivery changes the case too (the
        // seller gets a fresh period): that save meets the buyer's change made meanwhile.
        factory.Clock.Advance(TimeSpan.FromDays(8));

        await factory.DrainWorkflowsAsync();
        factory.Clock.Advance(TimeSpan.FromMinutes(30)); // past any retry's backoff, were the notice's command to fail
        await factory.DrainWorkflowsAsync();

        Assert.Equal(1, factory.ComplaintNoticesSent);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        var notices = await db.Set<SentNotice>().Where(n => n.DisputeId == factory.RaceOn.Value && n.Recipient == CaseRole.Seller).ToListAsync();
        Assert.Contains(notices, n => n.Kind == NoticeKind.ComplaintFiled);
        var dispute = (await db.LoadCaseAsync(factory.RaceOn.Value, CancellationToken.None))!;
        Assert.Equal((DisputeStage.Closed, DisputeOutcome.Withdrawn), (dispute.Stage, dispute.Outcome));
        Assert.Equal(0, await db.Set<Odr.Workflows.Persistence.WorkflowCommand>().CountAsync(c => c.Status == Odr.Workflows.Persistence.CommandStatus.Pending));
    }
}
