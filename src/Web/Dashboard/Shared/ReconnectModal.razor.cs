namespace EventDashboard.Web.Dashboard.Shared;

/// <summary>
/// The element blazor.web.js shows while the circuit is disconnected (<c>components-reconnect-show</c>), after
/// reconnecting failed (<c>-failed</c>), or when the server no longer knows the circuit (<c>-rejected</c>, after a
/// restart). A page never keeps showing "live" values once its circuit is gone.
/// </summary>
public sealed partial class ReconnectModal;
