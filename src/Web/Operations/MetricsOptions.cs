namespace EventDashboard.Web.Operations;

/// <summary>
/// Which metrics exporters run, bound from <c>EventDashboard:Metrics</c>. Both are off by default; with neither on,
/// OpenTelemetry is not added at all (docs/OPERATIONS.md).
/// </summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "EventDashboard:Metrics";

    /// <summary>The path of the Prometheus scraping endpoint.</summary>
    public const string PrometheusPath = "/metrics";

    /// <summary>Gets or sets a value indicating whether <see cref="PrometheusPath"/> serves the metrics as Prometheus text.</summary>
    public bool Prometheus { get; set; }

    /// <summary>Gets the OTLP exporter's settings.</summary>
    public OtlpMetricsOptions Otlp { get; } = new();
}

/// <summary>The OTLP exporter's settings, bound from <c>EventDashboard:Metrics:Otlp</c>.</summary>
public sealed class OtlpMetricsOptions
{
    /// <summary>
    /// Gets or sets the collector to push metrics to, such as <c>http://localhost:4317</c> (gRPC); <see langword="null"/>,
    /// the default, exports nothing over OTLP.
    /// </summary>
    public Uri? Endpoint { get; set; }
}
