using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventDashboard.Client.Internal;

/// <summary>
/// The health check <c>eventdashboard-client</c>: healthy while the client is connected; otherwise the
/// registration's failure status, saying whether it is still connecting, reconnecting or disposed. Its watchers
/// keep their last values meanwhile, so an application may register it with <see cref="HealthStatus.Degraded"/>.
/// </summary>
internal sealed class EventDashboardClientHealthCheck(EventDashboardClient client) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = client.CurrentState;
        var data = new Dictionary<string, object> { ["server"] = client.ServerUri.ToString(), ["state"] = state.ToString() };
        var result = state switch
        {
            ConnectionState.Connected => HealthCheckResult.Healthy($"Connected to {client.ServerUri}.", data),
            ConnectionState.Connecting => new HealthCheckResult(context.Registration.FailureStatus, $"Not connected to {client.ServerUri} yet; trying.", data: data),
            ConnectionState.Reconnecting => new HealthCheckResult(context.Registration.FailureStatus, $"The connection to {client.ServerUri} was lost; reconnecting. Watchers hold their last values.", data: data),
            ConnectionState.Refused => HealthCheckResult.Unhealthy($"{client.ServerUri} refused the access key (401 or 403); check EventDashboard:Client:AccessKey.", data: data),
            _ => HealthCheckResult.Unhealthy("The client was disposed.", data: data),
        };
        return Task.FromResult(result);
    }
}
