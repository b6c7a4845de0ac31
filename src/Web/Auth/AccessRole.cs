namespace EventDashboard.Web.Auth;

/// <summary>What a principal may do; each role includes the ones before it.</summary>
public enum AccessRole
{
    /// <summary>Reads: list, get, history, event streams, blocking queries, hub subscriptions.</summary>
    Viewer = 1,

    /// <summary>Also writes: Set, delete, revert and import.</summary>
    Operator = 2,

    /// <summary>Also manages access keys.</summary>
    Admin = 3,
}
