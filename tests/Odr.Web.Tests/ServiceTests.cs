using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Odr.Web.Tests;

public class ServiceTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    [Fact]
    public async Task Healthz_IsHealthyWhenTheDatabaseIsReachable()
    {
        var response = await factory.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_DescribesTheCaseEndpoints()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        var paths = document!["paths"]!.AsObject();
        foreach (var path in new[] { "/api/cases", "/api/cases/{id}", "/api/cases/{id}/evidence", "/api/cases/{id}/events", "/api/auth/login", "/api/auth/register" })
        {
            Assert.True(paths.ContainsKey(path), $"{path} is missing from the OpenAPI document");
        }
        Assert.NotNull(paths["/api/cases"]!["post"]);
    }

    [Fact]
    public async Task DemoSeed_CreatesEveryDemoAccountWithItsRole()
    {
        foreach (var email in new[] { "buyer@demo.odr", "buyer2@demo.odr", "seller@demo.odr", "seller2@demo.odr", "mediator@demo.odr",
                     "mediator2@demo.odr", "arbitrator@demo.odr", "arbitrator2@demo.odr", "regulator@demo.odr", "admin@demo.odr" })
        {
            Assert.NotNull(await factory.ClientForAsync(email));
        }
    }

    [Fact]
    public async Task UnknownApiRoute_Returns404ProblemDetails()
    {
        var response = await factory.CreateClient().GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TheBenchmarksBroadcastHub_IsNotThereUnlessSwitchedOn()
    {
        var client = await factory.ClientForAsync("buyer@demo.odr");
        // A signed-in client may negotiate with a mapped hub; the probe is not mapped unless Odr:Diagnostics:BroadcastProbe.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/hubs/cases/negotiate?negotiateVersion=1", null)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.PostAsync("/hubs/cases/probe/negotiate?negotiateVersion=1", null)).StatusCode);
    }
}
