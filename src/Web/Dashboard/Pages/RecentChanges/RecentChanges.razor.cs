namespace EventDashboard.Web.Dashboard.Pages.RecentChanges;

/// <summary>The newest Sets across all values, live, from the registry-wide Set log.</summary>
public sealed partial class RecentChanges;
