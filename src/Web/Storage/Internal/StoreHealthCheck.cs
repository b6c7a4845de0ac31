using EventDashboard.Web.Values;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>The readiness check of <c>/readyz</c>: unhealthy while writes to the store fail.</summary>
internal sealed class StoreHealthCheck(ValueRegistry registry) : IHealthCheck
{
    public const string Name = "store";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            registry.StaleReason is { } stale ? HealthCheckResult.Unhealthy($"{stale} Reads are served from this server's copy and may be behind; writes are refused.")
            : registry.WriteFailure is { } failure ? HealthCheckResult.Unhealthy($"Writes to {registry.StoreLocation} fail: {failure} Reads still work.")
            : HealthCheckResult.Healthy($"Store {registry.StoreId} at {registry.StoreLocation} takes writes."));
}
