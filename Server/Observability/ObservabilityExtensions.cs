using AdventureServer.Inference.Serving;
using AdventureServer.Server.Workers;
using OpenTelemetry.Metrics;

namespace AdventureServer.Server.Observability;

/// <summary>Health and metrics: <c>/healthz</c>, and <c>/metrics</c> in Prometheus format through OpenTelemetry.</summary>
public static class ObservabilityExtensions
{
    /// <summary>The meters exported at <c>/metrics</c>: the engine's, a front-end's view of the workers, and ASP.NET Core's hosting, Kestrel and SignalR connections.</summary>
    public static IReadOnlyList<string> Meters { get; } =
    [
        InferenceInstruments.MeterName,
        WorkerInstruments.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
    ];

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter([.. Meters])
            .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/healthz");
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
