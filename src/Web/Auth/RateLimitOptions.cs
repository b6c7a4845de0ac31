using System.ComponentModel.DataAnnotations;

namespace EventDashboard.Web.Auth;

/// <summary>
/// The limits of <see cref="AuthOptions.RateLimit"/>: writes per principal (each key and person; anonymous callers
/// share one), and dashboard sign-in attempts per client address.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Gets or sets how many Sets and deletes a principal may make per second, over HTTP and the hub together. The default is 1,000.</summary>
    [Range(1, 1_000_000)]
    public int WritesPerSecond { get; set; } = 1000;

    /// <summary>Gets or sets how many times a client address may try to sign in to the dashboard per minute. The default is 10.</summary>
    [Range(1, 10_000)]
    public int SignInsPerMinute { get; set; } = 10;
}
