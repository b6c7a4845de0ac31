namespace EventDashboard.Web.Dashboard;

/// <summary>The dashboard's router, rendered interactively: every page runs in the circuit.</summary>
public sealed partial class Routes;
