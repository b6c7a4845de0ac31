namespace EventDashboard.Web.Auth.Internal;

/// <summary>The server would be open to the network without any access key; it refuses to start instead.</summary>
internal sealed class UnsafeBindingException : Exception
{
    public UnsafeBindingException()
    {
    }

    public UnsafeBindingException(string message)
        : base(message)
    {
    }

    public UnsafeBindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
