using EventDashboard.Protocol;

namespace EventDashboard.Client;

/// <summary>
/// Thrown by <see cref="EventDashboardClient.SetAsync"/> and <see cref="EventDashboardClient.DeleteAsync"/> when the
/// value's version is not the expected one: somebody else set it first. Nothing was changed; <see cref="Current"/> is
/// what is there now.
/// </summary>
public sealed class VersionConflictException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="VersionConflictException"/> class.</summary>
    public VersionConflictException()
        : this("The value's version is not the expected one.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VersionConflictException"/> class.</summary>
    /// <param name="message">The message.</param>
    public VersionConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VersionConflictException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VersionConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VersionConflictException"/> class.</summary>
    /// <param name="expectedVersion">The version the caller expected.</param>
    /// <param name="current">The value as it is now, or <see langword="null"/> when it does not exist.</param>
    /// <param name="innerException">The server's error, if any.</param>
    public VersionConflictException(long expectedVersion, ValueSnapshot? current, Exception? innerException = null)
        : base(Describe(expectedVersion, current), innerException)
    {
        ExpectedVersion = expectedVersion;
        Current = current;
    }

    /// <summary>Gets the version the caller expected.</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the value as it was when the conflict was found, or <see langword="null"/> when it does not exist.</summary>
    public ValueSnapshot? Current { get; }

    private static string Describe(long expectedVersion, ValueSnapshot? current) => current is null
        ? $"Expected version {expectedVersion}, but the value does not exist."
        : $"Expected version {expectedVersion} of '{current.Name}', but it is at version {current.Version}.";
}
