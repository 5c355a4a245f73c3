using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Odr.Domain.Common;
using Odr.Domain.Disputes;
using Odr.Domain.Disputes.Events;
using Odr.Domain.Parties;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.DomainEvents;
using Odr.Web.Infrastructure.Identity;
using Odr.Web.Infrastructure.Persistence;
using Odr.Workflows.Runtime;

namespace Odr.Web.Tests;

/// <summary>The seam after a change (ADR 009): what runs in the transaction commits with it; what runs after waits for the commit.</summary>
public class DomainEventSeamTests(DomainEventSeamTests.RecordingFactory factory) : IClassFixture<DomainEventSeamTests.RecordingFactory>
{
    [Fact]
    public async Task Save_WhenTheCallersTransactionRollsBack_LeavesNoCaseNoWorkflowAndNothingAfterCommit()
    {
        var id = await FileInOwnTransactionAsync(commit: false);

        Assert.Contains(factory.Recorder.InTransaction, e => e is DisputeFiled filed && filed.DisputeId == id);
        Assert.DoesNotContain(factory.Recorder.AfterCommit, e => e is DisputeFiled filed && filed.DisputeId == id);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        Assert.False(await db.Cases.AnyAsync(c => c.Id == id));
        Assert.Null(await scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>().FindByCorrelationAsync(id.ToString(), CancellationToken.None));
    }

    [Fact]
    public async Task Save_WhenTheCallersTransactionCommits_StartsTheWorkflowFromDisputeFiled_AndRunsAfterCommitOnce()
    {
        var id = await FileInOwnTransactionAsync(commit: true);

        Assert.Single(factory.Recorder.AfterCommit, e => e is DisputeFiled filed && filed.DisputeId == id);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        Assert.Equal("filed", (await db.CaseEvents.SingleAsync(e => e.DisputeId == id)).Type);
        var workflow = await scope.ServiceProvider.GetRequiredService<IWorkflowRuntime>().FindByCorrelationAsync(id.ToString(), CancellationToken.None);
        Assert.NotNull(workflow);
    }

    /// <summary>Files a case the way a handler does, with no call to start its workflow, in a transaction the test ends.</summary>
    private async Task<DisputeId> FileInOwnTransactionAsync(bool commit)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        var buyer = (await scope.ServiceProvider.GetRequiredService<UserManager<OdrUser>>().FindByEmailAsync("buyer@demo.odr"))!;
        var now = factory.Clock.GetUtcNow();
        var paid = Money.Of(59.90m, "EUR");
        await using var transaction = await db.Database.BeginTransactionAsync();
        var dispute = DisputeCase.File(DisputeId.New(), await CaseNumberSequence.NextAsync(db, now.UtcDateTime.Year, CancellationToken.None),
            new Buyer(buyer.UserId, CountryCode.Parse("DE"), BuyerType.Consumer),
            new Seller("Shenzhen Audio Co.", EmailAddress.Parse("seller@demo.odr"), CountryCode.Parse("CN"), SellerType.Business, YesNoUnknown.Yes),
            new OrderDetails("ExampleMart", "A-1001", DateOnly.FromDateTime(now.AddDays(-10).UtcDateTime), "Bluetooth headphones", paid),
            ClaimType.NotReceived, "Paid on 1 October, nothing arrived.", Remedy.Create(RemedyType.FullRefund, null, paid),
            CaseLanguage.En, null, true, now, TimeSpan.FromDays(7));
        db.Cases.Add(dispute);
        await db.SaveChangesAsync();
        // Saved but not committed: nothing after commit has run yet.
        Assert.DoesNotContain(factory.Recorder.AfterCommit, e => e is DisputeFiled filed && filed.DisputeId == dispute.Id);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
        return dispute.Id;
    }

    public sealed class Recorder
    {
        public ConcurrentQueue<IDomainEvent> InTransaction { get; } = new();
        public ConcurrentQueue<IDomainEvent> AfterCommit { get; } = new();
    }

    private sealed class RecordingSubscriber(Recorder recorder) : IDomainEventSubscriber
    {
        public Task InTransactionAsync(DomainEventBatch batch, CancellationToken ct)
        {
            foreach (var (_, domainEvent) in batch.Events)
            {
                recorder.InTransaction.Enqueue(domainEvent);
            }
            return Task.CompletedTask;
        }

        public Task AfterCommitAsync(IReadOnlyList<IDomainEvent> committed, CancellationToken ct)
        {
            foreach (var domainEvent in committed)
            {
                recorder.AfterCommit.Enqueue(domainEvent);
            }
            return Task.CompletedTask;
        }
    }

    public sealed class RecordingFactory : OdrWebFactory
    {
        public Recorder Recorder { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(Recorder);
                services.AddDomainEventSubscriber<RecordingSubscriber>();
            });
        }
    }
}
