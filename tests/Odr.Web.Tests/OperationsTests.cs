using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Odr.Web.Infrastructure.Operations;

namespace Odr.Web.Tests;

/// <summary>What an operator relies on: the probes, the API reference, the service's own counters and OTLP export.</summary>
public class OperationsTests(OdrWebFactory factory) : IClassFixture<OdrWebFactory>
{
    [Theory]
    [InlineData("/healthz/live")]
    [InlineData("/healthz/ready")]
    [InlineData("/healthz")]
    public async Task TheProbes_AnswerHealthy(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheApiReference_IsServedFromThePackage_WithItsOwnPolicyOnItsPathOnly()
    {
        var client = factory.CreateClient();
        var page = await client.GetAsync(Operations.ApiReferencePath + "/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"scalar.js\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal); // nothing from a CDN
        Assert.Equal(Odr.Web.Infrastructure.Security.SecurityHeaders.ApiReferencePolicy, page.Headers.GetValues("Content-Security-Policy").Single());

        var script = await client.GetAsync(Operations.ApiReferencePath + "/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000, "the reference's script is the package's bundle");

        var elsewhere = await client.GetAsync("/healthz");
        Assert.Equal(Odr.Web.Infrastructure.Security.SecurityHeaders.ContentSecurityPolicy, elsewhere.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task FilingACase_IsCounted_OnceItIsCommitted()
    {
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        var filed = new ConcurrentQueue<long>();
        using var listener = new MeterListener
        {
            // Only this service's meter: other test classes' services count in the same process.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == OdrMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "odr.cases.filed")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => filed.Enqueue(value));
        listener.Start();

        var buyer = await factory.ClientForAsync("buyer@demo.odr");
        await Filings.FileAsync(buyer);
        var refused = await buyer.PostAsJsonAsync("/api/cases", new { item = "" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        Assert.Equal([1L], filed.ToArray());
    }
}

/// <summary>With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, traces and metrics reach a real OTLP/HTTP receiver on loopback.</summary>
public sealed class OtlpExportTests : IClassFixture<OtlpExportTests.Receiver>, IClassFixture<OtlpExportTests.ExportingFactory>
{
    private readonly Receiver _receiver;
    private readonly ExportingFactory _factory;

    public OtlpExportTests(Receiver receiver, ExportingFactory factory)
    {
        _receiver = receiver;
        _factory = factory;
        factory.Endpoint = receiver.Address;
    }

    [Fact]
    public async Task TracesAndMetrics_AreExported_OverOtlp()
    {
        var buyer = await _factory.ClientForAsync("buyer@demo.odr");
        await Filings.FileAsync(buyer);

        // Wait for the exports themselves (the exporters' intervals are shortened below), with a ceiling for a broken run.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var seen = new HashSet<string>();
        while (!(seen.Contains("/v1/traces") && seen.Contains("/v1/metrics")))
        {
            var (path, body) = await _receiver.Posts.Reader.ReadAsync(patience.Token);
            Assert.True(body.Length > 0, $"an empty export to {path}");
            seen.Add(path);
        }
    }

    public sealed class ExportingFactory : OdrWebFactory
    {
        public string Endpoint { get; set; } = "";

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            [Operations.OtlpEndpointSetting] = Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        };
    }

    /// <summary>A minimal OTLP/HTTP receiver: it accepts every POST and hands over its path and body.</summary>
    public sealed class Receiver : IAsyncLifetime
    {
        private WebApplication? _app;

        public Channel<(string Path, byte[] Body)> Posts { get; } = Channel.CreateUnbounded<(string, byte[])>();

        public string Address { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            _app = builder.Build();
            _app.MapPost("/{**path}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                await Posts.Writer.WriteAsync((context.Request.Path.Value!, body.ToArray()));
                return Results.Ok();
            });
            await _app.StartAsync();
            Address = _app.Urls.Single();
        }

        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}
