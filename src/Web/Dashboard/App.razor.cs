namespace EventDashboard.Web.Dashboard;

/// <summary>The root component of the dashboard: the HTML document around the routed page.</summary>
public sealed partial class App;
