using System.ComponentModel.DataAnnotations;

namespace EventDashboard.Web;

/// <summary>
/// Limits of the hosted values, bound from the <c>EventDashboard</c> configuration section and validated when
/// the host starts, so a bad setting stops the server instead of surfacing on the first request.
/// </summary>
public sealed class EventDashboardOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "EventDashboard";

    /// <summary>Gets or sets how many Sets each value keeps in its history, in the store. The default is 1,000.</summary>
    [Range(1, 1_000_000)]
    public int HistoryLimit { get; set; } = 1000;

    /// <summary>Gets or sets the largest value accepted, in UTF-8 bytes of JSON. The default is 1 MiB.</summary>
    [Range(16, 64 * 1024 * 1024)]
    public int MaxValueBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Gets or sets how many of the newest Sets of the registry-wide log stay in memory for readers that resume close
    /// to the present; older ones are read from the store. The default is 64: with values of up to MaxValueBytes,
    /// the window is what bounds the log's memory.
    /// </summary>
    [Range(1, 1_000_000)]
    public int LogCapacity { get; set; } = 64;

    /// <summary>
    /// Gets or sets how many bytes of values that window may hold: the oldest Sets leave it first when their values
    /// weigh more together (the newest always stays). The default is 16 MiB, so large values shrink the window
    /// instead of growing memory: 64 Sets of 1 MiB would otherwise keep 64 MiB. Readers that resume further back
    /// read from the store, as they do beyond <see cref="LogCapacity"/>.
    /// </summary>
    [Range(1024, long.MaxValue)]
    public long MaxRetainedBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// Gets or sets how long pushes to a hub connection or an event stream may wait, with none taken, before the server
    /// closes it. Until then, pushes to it coalesce (newest only). The default is 10 seconds, SignalR's own.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
