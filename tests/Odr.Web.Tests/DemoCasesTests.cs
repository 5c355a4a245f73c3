using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace Odr.Web.Tests;

/// <summary>The run command's demo cases: real histories that verify, figures that add up, and open cases the workflow leaves alone.</summary>
public class DemoCasesTests(DemoCasesTests.WithDemoCases factory) : IClassFixture<DemoCasesTests.WithDemoCases>
{
    public sealed class WithDemoCases : OdrWebFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Odr:Demo:SeedCases", "true");
        }
    }

    [Fact]
    public async Task TheDemoCases_VerifyAddUpAndStayWhereTheyAre()
    {
        var regulator = await factory.ClientForAsync("regulator@demo.odr");
        var before = (await regulator.GetFromJsonAsync<JsonObject>("/api/cases?pageSize=100"))!["items"]!.AsArray()
            .ToDictionary(c => (string)c!["number"]!, c => (string)c!["stage"]!);

        // Their workflows start with the signals of every past step: none of those may move an open case on.
        await factory.DrainWorkflowsAsync();

        var after = (await regulator.GetFromJsonAsync<JsonObject>("/api/cases?pageSize=100"))!["items"]!.AsArray()
            .ToDictionary(c => (string)c!["number"]!, c => (string)c!["stage"]!);
        Assert.Equal(10, after.Count);
        Assert.Equal(before, after);
        Assert.Equal(6, after.Values.Count(s => s == "closed"));
        Assert.Equal(["awaitingResponse", "compliance", "mediation", "negotiation"], after.Values.Where(s => s != "closed").Order());

        var audit = (await regulator.GetFromJsonAsync<JsonObject>("/api/audit/verify"))!;
        Assert.True((bool)audit["valid"]!, audit.ToJsonString());
        var stats = (await regulator.GetFromJsonAsync<JsonObject>("/api/stats"))!;
        Assert.Equal((4, 1, 1, 1, 1), ((int)stats["outcomes"]!["settled"]!, (int)stats["outcomes"]!["awarded"]!, (int)stats["outcomes"]!["dismissed"]!,
            (int)stats["outcomes"]!["withdrawn"]!, (int)stats["deadlinesMissed"]!));
        Assert.Equal(2, (await factory.CreateClient().GetFromJsonAsync<JsonObject>("/api/decisions"))!["items"]!.AsArray().Count);
        // The outcomes' documents are issued through the outbox like any others.
        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        var settled = (await buyer.GetFromJsonAsync<JsonObject>("/api/cases?pageSize=100"))!["items"]!.AsArray().First(c => (string?)c!["outcome"] == "settled")!;
        Assert.NotEmpty((await buyer.GetFromJsonAsync<JsonArray>($"/api/cases/{settled["id"]}/documents"))!);
    }
}
