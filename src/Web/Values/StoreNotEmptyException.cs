namespace EventDashboard.Web.Values;

/// <summary>An import was refused because the store already holds Sets: a backup is loaded into a new store only.</summary>
public sealed class StoreNotEmptyException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="StoreNotEmptyException"/> class.</summary>
    public StoreNotEmptyException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StoreNotEmptyException"/> class.</summary>
    /// <param name="message">Why, and what to do instead.</param>
    public StoreNotEmptyException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StoreNotEmptyException"/> class.</summary>
    /// <param name="message">Why, and what to do instead.</param>
    /// <param name="innerException">The cause.</param>
    public StoreNotEmptyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
