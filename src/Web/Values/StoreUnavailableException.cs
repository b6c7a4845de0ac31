namespace EventDashboard.Web.Values;

/// <summary>The store cannot take writes now: the server is starting or stopping, or an import is in progress.</summary>
public sealed class StoreUnavailableException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="StoreUnavailableException"/> class.</summary>
    public StoreUnavailableException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StoreUnavailableException"/> class.</summary>
    /// <param name="message">Why, for the user.</param>
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StoreUnavailableException"/> class.</summary>
    /// <param name="message">Why, for the user.</param>
    /// <param name="innerException">The cause.</param>
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
