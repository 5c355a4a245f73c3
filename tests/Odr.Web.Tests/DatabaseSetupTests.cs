using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Odr.Web.Infrastructure;
using Odr.Web.Infrastructure.Persistence;

namespace Odr.Web.Tests;

public class DatabaseSetupTests
{
    /// <summary>Switching the provider to PostgreSQL but keeping the default SQLite connection string says so at start.</summary>
    [Theory]
    [InlineData("Data Source=App_Data/odr.db")]
    [InlineData("not a connection string")]
    public void Postgres_WithAConnectionStringThatIsNotOne_FailsAtStartNamingTheSetting(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Odr:Database:Provider"] = "Postgres",
            ["ConnectionStrings:Odr"] = connectionString,
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddOdrDatabase(configuration, DatabaseSetup.OptionsOf(configuration),
                new HostingEnvironment { ContentRootPath = Path.GetTempPath() }));

        Assert.Contains("ConnectionStrings:Odr is not a PostgreSQL connection string", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// On PostgreSQL the service's connections prepare the statements that recur (the chat's profile), and are not reset
    /// when they go back to the pool, unless the configured connection string says otherwise.
    /// </summary>
    [Theory]
    [InlineData("Host=127.0.0.1;Database=odr;Username=odr", 256, true)]
    [InlineData("Host=127.0.0.1;Database=odr;Username=odr;Max Auto Prepare=0", 0, true)]
    [InlineData("Host=127.0.0.1;Database=odr;Username=odr;MaxAutoPrepare=20;No Reset On Close=false", 20, false)]
    public void Postgres_TheServiceConnections_PrepareRecurringStatements_AndSkipTheReset_UnlessConfiguredOtherwise(string configured,
        int prepared, bool noReset)
    {
        var used = new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(configured));

        Assert.Equal((prepared, noReset), (used.MaxAutoPrepare, used.NoResetOnClose));
        Assert.Equal(("127.0.0.1", "odr", "odr"), (used.Host, used.Database, used.Username));
    }

    /// <summary>
    /// One starting node at a time: a second node's start-up waits while the first holds the lock, even before the
    /// service's database exists (the lock lives in the maintenance database), and goes on when it is released.
    /// </summary>
    [PostgresFact]
    public async Task TheStartupLock_MakesASecondNodeWait_UntilTheFirstIsDone()
    {
        using var database = TestDatabase.Create(Path.GetTempPath());
        await using var first = TestContexts.Open(database);
        await using var second = TestContexts.Open(database);

        var held = await DatabaseSetup.TakeStartupLockAsync(first, CancellationToken.None);
        var waiting = DatabaseSetup.TakeStartupLockAsync(second, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();
        await using var next = await waiting.WaitAsync(Waiting.LeastPatience);
    }
}
