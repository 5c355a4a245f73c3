using Npgsql;

namespace Odr.Web.Tests;

/// <summary>The service started (by the README's run command) while its database cannot be reached.</summary>
public sealed class DatabaseAtStartTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("odr-dbstart-").FullName;
    private TestDatabase? _database;

    private TestDatabase Database => _database ??= TestDatabase.Create(_dataDirectory);

    /// <summary>The database's connection string, but through <paramref name="port"/>.</summary>
    private Dictionary<string, string> Through(int port, string patience) => new()
    {
        ["ConnectionStrings__Odr"] = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Port = port }.ConnectionString,
        ["Odr__Database__StartupPatience"] = patience,
        ["Odr__Demo__SeedCases"] = "false",
    };

    [PostgresFact]
    public async Task ADatabaseThatComesUpLate_IsWaitedFor_WithAWarning_AndTheServiceStarts()
    {
        var port = ServiceProcess.FreePort();
        var target = new NpgsqlConnectionStringBuilder(Database.ConnectionString).Port;
        await using var service = ServiceProcess.Start(_dataDirectory, Database, Through(port, "00:01:00"));

        // The database "comes up" once the service has found it down (not after a fixed time, which `dotnet run` may outlast).
        await service.WaitForOutputAsync("is not reachable");
        await using var forwarder = new TcpForwarder(port, target);
        await service.WaitHealthyAsync();

        Assert.Contains("trying again", service.Output);
        using var client = service.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
    }

    [PostgresFact]
    public async Task ADatabaseThatNeverComes_StopsTheServiceWithAMessageSayingWhatToCheck()
    {
        var nothingThere = ServiceProcess.FreePort();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ServiceProcess.StartAsync(_dataDirectory, Database, Through(nothingThere, "00:00:03")));

        Assert.Contains($"127.0.0.1:{nothingThere}", failure.Message);
        Assert.Contains("was not reachable for", failure.Message);
        Assert.Contains("ConnectionStrings:Odr", failure.Message);
    }

    public void Dispose()
    {
        _database?.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
