namespace EventDashboard.Web.Auth.Internal;

/// <summary>What <see cref="AccessKeys.RevokeAsync"/> did.</summary>
internal enum KeyRevocation
{
    /// <summary>The stored key is gone.</summary>
    Revoked,

    /// <summary>Nothing: the key is in the configuration, which only its owner can change.</summary>
    Configured,

    /// <summary>Nothing: there is no such key.</summary>
    NotFound,
}
