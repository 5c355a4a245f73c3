using System.Net;

namespace Odr.Web.Tests;

/// <summary>A service with <c>Odr:Redis</c> set (address and timeouts as StackExchange.Redis takes them).</summary>
public sealed class RedisServiceFactory(string redis) : OdrWebFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Odr:Redis"] = redis };
}

/// <summary>With several nodes, a node is ready only while Redis, which carries their chat, answers.</summary>
public class RedisReadinessTests
{
    [Fact]
    public async Task Ready_WhenRedisDoesNotAnswer_IsUnhealthy_WhileLiveStaysHealthy()
    {
        // Nothing listens on port 1 of the loopback address; the node starts anyway and keeps trying.
        await using var factory = new RedisServiceFactory("127.0.0.1:1,connectTimeout=200");
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
    }

    [RedisFact]
    public async Task Ready_WhenRedisAnswers_IsHealthy()
    {
        await using var factory = new RedisServiceFactory(TestRedis.Server!);
        var response = await factory.CreateClient().GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
