using System.ComponentModel.DataAnnotations;

namespace EventDashboard.Web.Demo;

/// <summary>The demo values (<c>demo.clock</c>, <c>demo.counter</c>), bound from the <c>Demo</c> configuration section.</summary>
public sealed class DemoOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Demo";

    /// <summary>Gets or sets a value indicating whether the demo values change. The default is true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how often the demo values change. The default is one second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);
}
