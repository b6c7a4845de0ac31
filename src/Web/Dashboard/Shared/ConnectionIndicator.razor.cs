namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>The live / reconnecting / offline badge in the top bar.</summary>
public sealed partial class ConnectionIndicator;
