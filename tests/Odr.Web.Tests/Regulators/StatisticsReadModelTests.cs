using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Features.Regulators;
using Odr.Web.Infrastructure;
using Odr.Web.Tests.Marketplaces;
using static Odr.Web.Tests.LifecycleApi;

namespace Odr.Web.Tests.Regulators;

/// <summary>
/// The statistics' read model against the figures worked out case by case from the cases' rows (the definition), over
/// cases taken through every path: settled and complied, withdrawn, mediated, awarded and appealed, dismissed, executed
/// and failed by a marketplace, deadlines missed. Every field of the answer is compared, under several filters, and again
/// after the read model is rebuilt by the startup backfill.
/// </summary>
public class StatisticsReadModelTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private readonly LifecycleApi api = new(factory);

    private static readonly StatsFilter[] Filters =
    [
        new(null, null, null, null, null, null),
        new(null, null, null, null, null, "ExampleMart"),
        new(null, null, Domain.Disputes.ClaimType.NotAsDescribed, null, null, null),
        new(null, null, null, "FR", null, null),
        new(null, null, null, null, "CN", "ReadModelMart"),
        new(new DateOnly(2000, 1, 1), new DateOnly(2999, 12, 31), null, null, null, null),
    ];

    private async Task CaseThroughEveryPathAsync()
    {
        // Settled at the response, compliance reported.
        var settled = await api.FileAsync();
        await PostOkAsync(settled.Seller, $"{settled.Url}/response", new { action = "accept", consentToArbitration = true });
        await factory.DrainWorkflowsAsync();
        await PostOkAsync(settled.Buyer, $"{settled.Url}/compliance", new { complied = true });

        // Withdrawn in negotiation, another claim type and buyer country.
        var withdrawn = await api.InNegotiationAsync();
        await PostOkAsync(withdrawn.Buyer, $"{withdrawn.Url}/withdraw");
        var other = await api.FileAsync(change: f =>
        {
            f["claimType"] = "notAsDescribed";
            f["buyer"]!["country"] = "FR";
        });

        // Mediated to arbitration, awarded, appealed and decided; another dismissed.
        var (awarded, arbitrator) = await api.InArbitrationAsync();
        await PostOkAsync(arbitrator, $"{awarded.Url}/award", new
        {
            decision = "partialRefund", amount = new { value = 40.00, currency = "EUR" }, governingLaw = "DE", reasons = "Part of the order arrived.",
        });
        await factory.DrainWorkflowsAsync();
        await PostOkAsync(awarded.Seller, $"{awarded.Url}/appeal", new { grounds = "manifestError", statement = "The scan shows delivery." });
        await factory.DrainWorkflowsAsync();
        var judge = await api.NeutralAsync(awarded, "arbitrator");
        await PostOkAsync(judge, $"{awarded.Url}/appeal/decision", new { decision = "upheld", reasons = "The award stands." });
        await factory.DrainWorkflowsAsync();
        var (dismissed, second) = await api.InArbitrationAsync();
        await PostOkAsync(second, $"{dismissed.Url}/award", new { decision = "dismissed", governingLaw = "CN", reasons = "Delivered as described." });
        await factory.DrainWorkflowsAsync();

        // Filed by a marketplace, settled, one executed and one failed.
        var marketplace = await MarketplaceLoop.RegisterAsync(factory, "ReadModelMart");
        var executed = await marketplace.FileAsync("RM-1");
        var failed = await marketplace.FileAsync("RM-2");
        await MarketplaceLoop.SettleAsync(factory, executed["id"]!);
        await MarketplaceLoop.SettleAsync(factory, failed["id"]!);
        await factory.AdvanceAsync(TimeSpan.FromDays(2));
        (await marketplace.ReportExecutionAsync(executed["id"]!,
            new { status = "executed", reference = "RF-1", amount = new { value = 59.90m, currency = "EUR" } })).EnsureSuccessStatusCode();
        (await marketplace.ReportExecutionAsync(failed["id"]!,
            new { status = "failed", reference = "RF-2", amount = new { value = 59.90m, currency = "EUR" } })).EnsureSuccessStatusCode();

        // Unanswered and left open: a month passes, and the open cases' deadlines pass with it.
        await api.FileAsync();
        await factory.AdvanceAsync(TimeSpan.FromDays(31));
        await factory.DrainWorkflowsAsync();
        Assert.NotEqual("awaitingResponse", Stage(await GetAsync(await factory.ClientForAsync("buyer@demo.odr"), other.Url)));
    }

    private async Task AssertBothWaysEqualAsync(string when)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var statistics = scope.ServiceProvider.GetRequiredService<Statistics>();
        foreach (var filter in Filters)
        {
            var fromCases = JsonSerializer.Serialize(await statistics.ComputeFromCasesAsync(filter, CancellationToken.None));
            var fromReadModel = JsonSerializer.Serialize(await statistics.ComputeAsync(filter, CancellationToken.None));
            Assert.True(fromCases == fromReadModel, $"{when}, {filter}:\nfrom the cases:     {fromCases}\nfrom the read model: {fromReadModel}");
        }
    }

    [Fact]
    public async Task ReadModel_GivesTheFiguresOfTheCases_ThroughTheWholeLifecycle_AndAfterABackfill()
    {
        await CaseThroughEveryPathAsync();
        await AssertBothWaysEqualAsync("kept by the saves");
        var all = await (await factory.ClientForAsync("regulator@demo.odr")).GetFromJsonAsync<JsonObject>("/api/stats");
        // The set is as varied as meant: eight cases, deadlines missed, executions reported, neutrals and an appeal.
        Assert.True((int)all!["filed"]! == 8 && (int)all["deadlinesMissed"]! >= 1 && all["executionByMarketplace"]!.AsArray().Count == 1
            && all["perNeutral"]!.AsArray().Count >= 3 && (int)all["outcomes"]!["withdrawn"]! == 1 && (int)all["appeals"]!["appealed"]! == 1,
            all.ToJsonString());

        // A database from before the read model: no cells and no counted facts. The startup task counts every case once.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            await db.Set<StatisticsTally>().ExecuteDeleteAsync();
            var cases = await db.Database.ExecuteSqlRawAsync($"UPDATE \"Cases\" SET \"{StatisticsReadModel.CountedFact}\" = NULL");
            Assert.Equal(cases, await StatisticsBackfill.CountUncountedAsync(db, CancellationToken.None));
            Assert.Equal(0, await StatisticsBackfill.CountUncountedAsync(db, CancellationToken.None));
        }
        await AssertBothWaysEqualAsync("after the backfill");

        // Counted cases change again after the backfill: still the same figures.
        var late = await api.InNegotiationAsync();
        await PostOkAsync(late.Buyer, $"{late.Url}/withdraw");
        await AssertBothWaysEqualAsync("after a change to a backfilled case");
    }
}
