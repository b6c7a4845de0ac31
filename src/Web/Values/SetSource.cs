namespace EventDashboard.Web.Values;

/// <summary>The sources a Set is recorded with in a value's history.</summary>
public static class SetSource
{
    /// <summary>A <c>PUT /api/values/{name}</c> request.</summary>
    public const string Http = "http";

    /// <summary>The hub's <c>Set</c> method.</summary>
    public const string Hub = "hub";

    /// <summary>A form posted from the dashboard.</summary>
    public const string Ui = "ui";

    /// <summary>The demo values' background service.</summary>
    public const string Demo = "demo";
}
