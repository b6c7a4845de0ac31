namespace EventDashboard.Web.Auth.Internal;

/// <summary>Endpoint metadata: the endpoint writes, so it spends from the caller's <see cref="WriteRateLimiter"/> budget.</summary>
internal sealed class WriteEndpoint
{
    public static WriteEndpoint Instance { get; } = new();
}
