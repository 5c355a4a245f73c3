using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Odr.Domain.Disputes;
using Odr.Domain.Parties;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.Notices;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;
using static Odr.Web.Tests.LifecycleApi;

namespace Odr.Web.Tests.CasePage;

/// <summary>
/// The awaiting-tasks read model against the definition: <see cref="CaseTasks.For"/> on each case's whole aggregate, for
/// every part, and for every account the way the centre worked it out before (its visible open cases, its part by
/// <see cref="DisputeCase.RoleOf"/>), over the demo cases and cases taken through every stage; again after a backfill.
/// </summary>
public sealed class NotificationReadModelTests(DemoCasesTests.WithDemoCases factory) : IClassFixture<DemoCasesTests.WithDemoCases>
{
    private readonly LifecycleApi api = new(factory);

    private static readonly CaseRole[] Parts = [CaseRole.Buyer, CaseRole.Seller, CaseRole.Mediator, CaseRole.Arbitrator];

    private async Task AssertBothWaysEqualAsync(string when)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
        var cases = await db.Cases.WithAggregate().AsNoTracking().ToListAsync();
        var rows = await db.Set<AwaitingTask>().AsNoTracking().ToListAsync();
        foreach (var c in cases)
        {
            foreach (var part in Parts)
            {
                var held = part switch { CaseRole.Mediator => c.MediatorId is not null, CaseRole.Arbitrator => c.ArbitratorId is not null, _ => true };
                var expected = c.Stage == DisputeStage.Closed || !held ? [] : CaseTasks.For(c, part);
                var actual = rows.Where(r => r.CaseId == c.Id && r.Role == part).OrderBy(r => r.Position).Select(r => r.ToTask()).ToList();
                Assert.True(expected.SequenceEqual(actual),
                    $"{when}: case {c.Number} ({c.Stage}), {part}: expected [{string.Join(", ", expected)}], read [{string.Join(", ", actual)}]");
            }
        }
        foreach (var user in await db.Users.AsNoTracking().ToListAsync())
        {
            // The centre's answer before the read model: the person's open cases, their part in each, its tasks.
            var before = cases.Where(c => c.Stage != DisputeStage.Closed)
                .SelectMany(c => c.RoleOf(user.UserId, user.ConfirmedEmail) is { } role
                    ? CaseTasks.For(c, role).Select(t => $"{c.Id.Value} {role} {t}") : [])
                .Order(StringComparer.Ordinal).ToList();
            var now = (await AwaitingTasksReadModel.AwaitingRowsOf(db, user.UserId, user.ConfirmedEmail).ToListAsync())
                .Select(t => $"{t.CaseId.Value} {t.Role} {t.ToTask()}").Order(StringComparer.Ordinal).ToList();
            Assert.True(before.SequenceEqual(now), $"{when}, {user.Email}:\nbefore: {string.Join("\n", before)}\nnow:    {string.Join("\n", now)}");
            Assert.Equal(before.Count, await AwaitingTasksReadModel.AwaitingRowsOf(db, user.UserId, user.ConfirmedEmail).CountAsync());
        }
    }

    private async Task CasesAtEveryStageAsync()
    {
        await api.FileAsync(); // awaiting the seller's response
        var negotiating = await api.InNegotiationAsync();
        await PostOkAsync(negotiating.Buyer, $"{negotiating.Url}/offers", new { remedy = new { type = "partialRefund", amount = new { value = 45, currency = "EUR" } } });
        var (mediated, mediator) = await api.InMediationAsync();
        await PostOkAsync(mediator, $"{mediated.Url}/mediation/proposals", new { remedy = new { type = "fullRefund" }, note = "A refund ends it." });
        var (arbitrated, arbitrator) = await api.InArbitrationAsync();
        var asked = await arbitrator.PostAsJsonAsync($"{arbitrated.Url}/evidence-requests", new { from = "seller", request = "The courier's signed slip.", dueInDays = 3 });
        Assert.True(asked.IsSuccessStatusCode, await asked.Content.ReadAsStringAsync());
        var (awarded, second) = await api.InArbitrationAsync();
        await PostOkAsync(second, $"{awarded.Url}/award", new
        {
            decision = "partialRefund", amount = new { value = 40.00, currency = "EUR" }, governingLaw = "DE", reasons = "Part of the order arrived.",
        });
        await factory.DrainWorkflowsAsync();
        var settled = await api.FileAsync();
        await PostOkAsync(settled.Seller, $"{settled.Url}/response", new { action = "accept", consentToArbitration = true });
        await factory.DrainWorkflowsAsync();
        var withdrawn = await api.InNegotiationAsync();
        await PostOkAsync(withdrawn.Buyer, $"{withdrawn.Url}/withdraw");
    }

    [Fact]
    public async Task ReadModel_AnswersAsTheCasesDo_AtEveryStage_ForEveryPart_AndAfterABackfill()
    {
        await CasesAtEveryStageAsync();
        await AssertBothWaysEqualAsync("kept by the saves");

        // A deadline passes and the workflow has not moved the case yet: the tasks are what the case says, as before.
        var late = await api.FileAsync();
        factory.Clock.Advance(TimeSpan.FromDays(30));
        await AssertBothWaysEqualAsync("deadlines passed, not yet acted on");
        await factory.DrainWorkflowsAsync();
        Assert.NotEqual("awaitingResponse", Stage(await GetAsync(await factory.ClientForAsync("buyer@demo.odr"), late.Url)));
        await AssertBothWaysEqualAsync("after the workflow moved the cases");

        // A database from before the read model: no rows and no fingerprints. The startup task writes every case once.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            await db.Set<AwaitingTask>().ExecuteDeleteAsync();
            var cases = await db.Database.ExecuteSqlRawAsync($"UPDATE \"Cases\" SET \"{AwaitingTasksReadModel.KeptFact}\" = NULL");
            Assert.Equal(cases, await AwaitingTasksBackfill.KeepUnkeptAsync(db, CancellationToken.None));
            Assert.Equal(0, await AwaitingTasksBackfill.KeepUnkeptAsync(db, CancellationToken.None));
        }
        await AssertBothWaysEqualAsync("after the backfill");
        var after = await api.InNegotiationAsync();
        await PostOkAsync(after.Buyer, $"{after.Url}/withdraw");
        await AssertBothWaysEqualAsync("after a change to a backfilled case");
    }

    private async Task<int> BadgeAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<OdrUser>>().FindByEmailAsync(email);
        return await AwaitingTasksReadModel.AwaitingRowsOf(scope.ServiceProvider.GetRequiredService<OdrDbContext>(), user!.UserId, user.ConfirmedEmail).CountAsync();
    }

    [Fact]
    public async Task TheBadge_FollowsTheCase_AndASellerCountsOnceTheAddressIsConfirmed()
    {
        const string address = "badge-seller@example.com";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<OdrUser>>();
            Assert.True((await users.CreateAsync(new OdrUser { UserName = address, Email = address, DisplayName = "Badge Seller" }, "Badge-seller-1")).Succeeded);
        }
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var buyerBefore = await BadgeAsync("buyer@demo.odr");
        var filed = await Filings.FileAsync(buyer, Filings.Valid(address));
        await factory.DrainWorkflowsAsync();
        var url = $"/api/cases/{filed["id"]}";

        // Registered, address not confirmed: the case is not theirs yet, so nothing awaits them.
        Assert.Equal(0, await BadgeAsync(address));
        Assert.Equal(buyerBefore, await BadgeAsync("buyer@demo.odr"));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<OdrUser>>();
            var seller = (await users.FindByEmailAsync(address))!;
            Assert.True((await users.ConfirmEmailAsync(seller, await users.GenerateEmailConfirmationTokenAsync(seller))).Succeeded);
        }
        Assert.Equal(1, await BadgeAsync(address)); // the response

        // The seller contests: their response is done; both parties may now negotiate.
        var sellerClient = await factory.ClientForAsync(address, "Badge-seller-1");
        await PostOkAsync(sellerClient, $"{url}/response", new { action = "contest", statement = "It was delivered.", consentToArbitration = true });
        await factory.DrainWorkflowsAsync();
        Assert.Equal(1, await BadgeAsync(address));
        Assert.Equal(buyerBefore + 1, await BadgeAsync("buyer@demo.odr"));

        // The buyer withdraws: the case closes and awaits no one.
        await PostOkAsync(buyer, $"{url}/withdraw");
        Assert.Equal(0, await BadgeAsync(address));
        Assert.Equal(buyerBefore, await BadgeAsync("buyer@demo.odr"));
    }
}
