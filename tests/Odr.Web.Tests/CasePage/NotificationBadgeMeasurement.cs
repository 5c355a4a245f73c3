using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Odr.Domain.Disputes;
using Odr.Web.Features.Disputes;
using Odr.Web.Features.Notices;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Identity;

namespace Odr.Web.Tests.CasePage;

/// <summary>
/// A measurement, not a check (runs only with <c>ODR_MEASURE_BADGE</c> naming a file for the figures): a seller with 200
/// open cases, the header's count worked out the old way (their open cases' aggregates, <see cref="CaseTasks.For"/>) and
/// from the read model, and signed-in pages timed over HTTP (in-process server).
/// </summary>
public sealed class NotificationBadgeMeasurement(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    private static string Figures(string what, List<double> ms)
    {
        ms.Sort();
        double At(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
        return FormattableString.Invariant($"{what}: n={ms.Count} p50={At(0.5):F2} ms p90={At(0.9):F2} ms p99={At(0.99):F2} ms max={ms[^1]:F2} ms");
    }

    private static async Task<List<double>> TimeAsync(int warmUp, int n, Func<Task> run)
    {
        for (var i = 0; i < warmUp; i++)
        {
            await run();
        }
        var ms = new List<double>(n);
        for (var i = 0; i < n; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await run();
            ms.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return ms;
    }

    [Fact]
    public async Task TheHeadersCount_ForASellerWith200OpenCases()
    {
        if (Environment.GetEnvironmentVariable("ODR_MEASURE_BADGE") is not { Length: > 0 } output)
        {
            return;
        }
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        string? caseId = null;
        for (var i = 0; i < 200; i++)
        {
            caseId = (string)(await Filings.FileAsync(buyer))["id"]!;
        }
        await factory.DrainWorkflowsAsync();
        var lines = new List<string> { $"{DateTimeOffset.UtcNow:O}, {Environment.ProcessorCount} cores, database {factory.Database.GetType().Name}" };

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OdrDbContext>();
            var access = scope.ServiceProvider.GetRequiredService<CaseAccess>();
            var seller = await db.Users.AsNoTracking().SingleAsync(u => u.NormalizedEmail == "SELLER@DEMO.ODR");
            var old = 0;
            lines.Add(Figures("count, before (200 aggregates + CaseTasks)", await TimeAsync(5, 100, async () =>
            {
                var open = await access.VisibleTo(seller).Where(c => c.Stage != DisputeStage.Closed)
                    .OrderByDescending(c => c.CreatedAt).Take(200).WithAggregate().AsNoTracking().AsSplitQuery().ToListAsync();
                old = open.Sum(c => c.RoleOf(seller.UserId, seller.ConfirmedEmail) is { } role ? CaseTasks.For(c, role).Count : 0);
            })));
            var now = 0;
            lines.Add(Figures("count, after (read model)", await TimeAsync(20, 500, async () =>
                now = await AwaitingTasksReadModel.AwaitingRowsOf(db, seller.UserId, seller.ConfirmedEmail).CountAsync())));
            Assert.Equal(old, now);
            lines.Add($"count = {now}");
        }

        var browser = await factory.BrowserForAsync("seller@demo.odr");
        foreach (var page in new[] { "/", "/Notifications", $"/Cases/Details/{caseId}" })
        {
            lines.Add(Figures($"GET {page}", await TimeAsync(20, 300, async () => (await browser.GetAsync(page)).EnsureSuccessStatusCode())));
        }
        await File.WriteAllLinesAsync(output, lines);
    }
}
