using Microsoft.AspNetCore.Components;

namespace EventDashboard.Web.Dashboard.Layout;

/// <summary>The frame of every page: the top bar with navigation and the connection indicator.</summary>
public sealed partial class MainLayout : LayoutComponentBase;
