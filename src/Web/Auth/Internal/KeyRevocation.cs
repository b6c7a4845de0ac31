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

    /// <summary>
    /// Nothing: it is the only credential the server has (no configured key, no single sign-on), and without it a
    /// loopback server would fall back to open access, anyone on the machine an Operator.
    /// </summary>
    LastKey,
}
