using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Infrastructure.Startup;

namespace Odr.Web.Tests;

/// <summary>The start-up steps are the tasks the infrastructure and the features register by name, in their order.</summary>
public class StartupTaskTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    [Fact]
    public void StartupTasks_AreRegisteredByName_AndRunSchemaFirst_BackfillsBeforeSeeding_KeysLast()
    {
        var names = factory.Services.GetServices<IStartupTask>().OrderBy(t => t.Order).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => t.Name).ToList();
        Assert.Equal(
        [
            "database.migrate", "stageTimes.backfill", "statistics.backfill", "awaitingTasks.backfill", "identity.roles", "identity.demoAccounts",
            "neutrals.demo",
            "marketplaces.demo", "disputes.demoCases", "keys.shared",
        ], names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
