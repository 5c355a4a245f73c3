using System.Net;
using System.Net.Http.Json;

namespace Odr.Web.Tests;

/// <summary>
/// The README's run command (./scripts/run.sh) started as real processes, as a newcomer (and a crash) would meet it. Each test owns a
/// data folder, so nothing collides with a running copy or writes into the checkout.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _dataDirectory;
    private readonly TestDatabase _database;

    public RunCommandTests()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("odr-run-").FullName;
        _database = TestDatabase.Create(_dataDirectory);
    }

    [Fact]
    public async Task ReadmeRunCommand_ServesHealthzAndTheSeededDemoAccounts()
    {
        await using var service = await ServiceProcess.StartAsync(_dataDirectory, _database);
        using var client = service.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "buyer@demo.odr", password = "Odr-demo-2026!" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.True(TestDatabase.OnPostgres || File.Exists(Path.Combine(_dataDirectory, "odr.db")));
    }

    /// <summary>Kestrel's own limit, which the in-memory test server does not apply: 1 MiB for JSON, more for evidence.</summary>
    [Fact]
    public async Task ABodyOverTheLimit_Is413ProblemDetails_WhileEvidenceMayBeLarger()
    {
        await using var service = await ServiceProcess.StartAsync(_dataDirectory, _database,
            new Dictionary<string, string> { ["Odr__Demo__SeedCases"] = "false" });
        using var buyer = await service.SignInAsync("buyer@demo.odr");

        var filing = Filings.Valid();
        filing["description"] = new string('x', 1_100_000);
        var tooLarge = await buyer.PostAsJsonAsync("/api/cases", filing);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);

        var filed = await Filings.FileAsync(buyer);
        using var upload = EvidenceUploads.Upload(EvidenceUploads.Png(2_000_000), "damage.png", "image/png");
        var evidence = await buyer.PostAsync($"/api/cases/{filed["id"]}/evidence", upload);
        Assert.True(evidence.IsSuccessStatusCode, $"{evidence.StatusCode}: {await evidence.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// A 5-second response deadline; the process is killed (SIGKILL) while it is pending and started again after it
    /// has passed. The case still reaches mediation with a mediator, and escalates exactly once.
    /// </summary>
    [Fact]
    public async Task ADeadlinePendingAtAKill9_StillEscalatesExactlyOnceAfterRestart()
    {
        var environment = new Dictionary<string, string> { ["Odr__Deadlines__SellerResponse"] = "00:00:05" };
        string caseUrl;
        await using (var first = await ServiceProcess.StartAsync(_dataDirectory, _database, environment))
        {
            using var buyer = await first.SignInAsync("buyer@demo.odr");
            var filed = await Filings.FileAsync(buyer);
            caseUrl = $"/api/cases/{filed["id"]}";
            Assert.Equal("awaitingResponse", (string)filed["stage"]!);
            await first.KillAsync();
        }
        await Task.Delay(TimeSpan.FromSeconds(6)); // the deadline passes while the service is down

        await using var second = await ServiceProcess.StartAsync(_dataDirectory, _database, environment);
        using var client = await second.SignInAsync("buyer@demo.odr");
        await Escalations.UntilInMediationAsync(client, [caseUrl], TimeSpan.FromSeconds(30), second);

        await Task.Delay(TimeSpan.FromSeconds(2)); // room for a duplicate to show, were there one
        await Escalations.AssertEscalatedOnceAsync(client, caseUrl);
    }

    public void Dispose()
    {
        _database.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still hold a file for a moment; the OS cleans temp folders.
        }
    }
}
