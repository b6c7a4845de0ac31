namespace EventDashboard.Web.Dashboard.Pages.ValueDetails;

/// <summary>The fields of the history table's Revert buttons.</summary>
public sealed class RevertForm
{
    /// <summary>Gets or sets the retained version whose value is set again.</summary>
    public long Version { get; set; }

    /// <summary>Gets or sets the current version the page showed: the revert is a compare-and-set against it.</summary>
    public long ExpectedVersion { get; set; }
}
