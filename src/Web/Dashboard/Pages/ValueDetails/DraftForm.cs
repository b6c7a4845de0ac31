namespace EventDashboard.Web.Dashboard.Pages.ValueDetails;

/// <summary>The fields of the detail page's editor.</summary>
public sealed class DraftForm
{
    /// <summary>Gets or sets the draft as JSON text.</summary>
    public string? Value { get; set; }

    /// <summary>Gets or sets the version the draft was based on: the Set is a compare-and-set against it.</summary>
    public long ExpectedVersion { get; set; }
}
