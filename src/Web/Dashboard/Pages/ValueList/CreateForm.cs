namespace EventDashboard.Web.Dashboard.Pages.ValueList;

/// <summary>The fields of the list page's "Create a value" form.</summary>
public sealed class CreateForm
{
    /// <summary>Gets or sets the new value's name.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the new value as JSON text.</summary>
    public string? Value { get; set; }

    /// <summary>Gets or sets the error shown above the button; never posted.</summary>
    internal string? Error { get; set; }
}
