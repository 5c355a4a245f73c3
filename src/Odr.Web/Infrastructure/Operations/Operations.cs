using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Odr.Web.Infrastructure.Operations;

/// <summary>
/// What an operator expects of an ASP.NET Core service: the API reference, liveness and readiness probes, traces and
/// metrics over OTLP, and JSON logs in production. Each is the framework's or a well-kept package's part.
/// </summary>
public static class Operations
{
    /// <summary>Where the Scalar API reference is served (its script comes from the package, not a CDN).</summary>
    public const string ApiReferencePath = "/api/docs";

    /// <summary>The OpenTelemetry SDK's own setting: with no endpoint nothing is exported and the SDK stays off.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OdrMetrics>();
        if (builder.Environment.IsProduction())
        {
            // One JSON object a line, for log collectors; development keeps the readable console.
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(json => json.UseUtcTimestamp = true);
        }
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("odr"))
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddOtlpExporter())
                .WithMetrics(metrics => metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(OdrMetrics.MeterName, "Npgsql")
                    .AddOtlpExporter());
        }
        return builder;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        // Liveness: the process serves requests (no dependency checked, so a database outage does not get it restarted).
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        // Readiness: every registered check (database, workflow pollers, the chat backplane where there is one).
        app.MapHealthChecks("/healthz/ready");
        app.MapHealthChecks("/healthz");
        app.MapScalarApiReference(ApiReferencePath, options => options
            .WithTitle("ODR service API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts());
        return app;
    }
}
