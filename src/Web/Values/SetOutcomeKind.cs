namespace EventDashboard.Web.Values;

/// <summary>What a <see cref="ValueRegistry"/> Set did.</summary>
public enum SetOutcomeKind
{
    /// <summary>The value did not exist; it now has version 1.</summary>
    Created,

    /// <summary>The value existed and has a new version.</summary>
    Updated,

    /// <summary>The expected version did not match the current one; nothing changed.</summary>
    Conflict,

    /// <summary>The name breaks the naming rule; nothing changed.</summary>
    InvalidName,

    /// <summary>The value is not one JSON document; nothing changed.</summary>
    InvalidJson,

    /// <summary>The value is larger than <see cref="EventDashboardOptions.MaxValueBytes"/>; nothing changed.</summary>
    TooLarge,

    /// <summary>The value existed and is now deleted: a new version that holds no value.</summary>
    Deleted,

    /// <summary>A delete found no value (never set, or already deleted); nothing changed.</summary>
    NotFound,

    /// <summary>The store cannot take writes now (a disk error, an import, the server stopping); nothing changed.</summary>
    Unavailable,
}
