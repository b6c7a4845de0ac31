namespace EventDashboard.Web.Storage.Internal;

/// <summary>
/// A commit to an <see cref="ISharedValueStore"/> lost to another server's commit and changed nothing. The winner
/// has been mirrored when this is thrown, so the registry can check and number the group's Sets again.
/// </summary>
internal sealed class StoreConflictException : Exception
{
    public StoreConflictException()
        : base("Another server committed first.")
    {
    }

    public StoreConflictException(string message)
        : base(message)
    {
    }

    public StoreConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
