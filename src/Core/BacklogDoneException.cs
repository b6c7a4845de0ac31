namespace EventDashboard.Core;

/// <summary>
/// Thrown by a Get with <see cref="GetOptions{T}.BacklogOnly"/> when no newer value is pending.
/// It marks the end of the backlog, not a failure.
/// </summary>
public sealed class BacklogDoneException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="BacklogDoneException"/> class.</summary>
    public BacklogDoneException()
        : base("No newer value is pending.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BacklogDoneException"/> class.</summary>
    /// <param name="message">The message.</param>
    public BacklogDoneException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BacklogDoneException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BacklogDoneException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
