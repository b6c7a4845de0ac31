using System.Net;
using System.Text;

namespace EventDashboard.Tests.Unit.Web.Operations;

/// <summary><c>/metrics</c>: Prometheus text when <c>EventDashboard:Metrics:Prometheus</c> is on, 404 by default.</summary>
public sealed class PrometheusEndpointTests
{
    [Fact]
    public async Task Metrics_PrometheusOn_ServesSetCounterAfterSet()
    {
        await using var app = new PrometheusFactory();
        using var client = app.CreateClient();
        await client.PutAsync(new Uri("/api/values/p.one", UriKind.Relative), new StringContent("1", Encoding.UTF8, "application/json"));

        var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("eventdashboard_sets", text, StringComparison.Ordinal);
        Assert.Contains("outcome=\"created\"", text, StringComparison.Ordinal);

        // Seconds-scale buckets, not the exporter's default (meant for milliseconds).
        Assert.Contains("eventdashboard_set_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("le=\"0.0001\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ByDefault_IsNotFound()
    {
        await using var app = new EventDashboardFactory();
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private sealed class PrometheusFactory()
        : EventDashboardFactory(new Dictionary<string, string?> { ["EventDashboard:Metrics:Prometheus"] = "true" });
}
