namespace EventDashboard.Web.Storage;

/// <summary>
/// The store cannot be opened: it is corrupt, unreadable, written by a newer version, or in use by another
/// server. The server stops at start with this message instead of starting empty over the data.
/// </summary>
public sealed class StoreOpenException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="StoreOpenException"/> class.</summary>
    public StoreOpenException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StoreOpenException"/> class.</summary>
    /// <param name="message">What is wrong, naming the file, and what to do.</param>
    public StoreOpenException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StoreOpenException"/> class.</summary>
    /// <param name="message">What is wrong, naming the file, and what to do.</param>
    /// <param name="innerException">The error that made the store unusable.</param>
    public StoreOpenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
