using System.ComponentModel.DataAnnotations;

namespace EventDashboard.Web.Auth;

/// <summary>The write limit of <see cref="AuthOptions.RateLimit"/>, per principal (each key; anonymous callers share one).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Gets or sets how many Sets and deletes a principal may make per second, over HTTP and the hub together. The default is 1,000.</summary>
    [Range(1, 1_000_000)]
    public int WritesPerSecond { get; set; } = 1000;
}
