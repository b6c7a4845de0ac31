namespace EventDashboard.Web.Dashboard.Layout;

/// <summary>The frame of the sign-in page, which is rendered on the server alone, without a circuit.</summary>
public sealed partial class SignInLayout;
