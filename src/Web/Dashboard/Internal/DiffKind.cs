namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>Where a <see cref="DiffLine"/> comes from.</summary>
internal enum DiffKind
{
    /// <summary>In both texts.</summary>
    Same,

    /// <summary>Only in the old text.</summary>
    Removed,

    /// <summary>Only in the new text.</summary>
    Added,
}
