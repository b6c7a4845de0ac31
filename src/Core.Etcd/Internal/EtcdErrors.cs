using Grpc.Core;

namespace EventDashboard.Core.Etcd.Internal;

/// <summary>Turns gRPC failures of etcd calls into the exceptions this library documents.</summary>
internal static class EtcdErrors
{
    /// <summary>Makes the exception that a failed call reports to its caller.</summary>
    /// <param name="ex">The failure.</param>
    /// <param name="what">The call, for the message ("The Set of x").</param>
    /// <param name="connection">The cluster, for the message.</param>
    /// <param name="cancellationToken">The caller's token: a cancellation it asked for is reported as such.</param>
    public static Exception Map(RpcException ex, string what, EtcdConnection connection, CancellationToken cancellationToken) =>
        ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested
            ? new OperationCanceledException(what + " was cancelled.", ex, cancellationToken)
            : IsAmbiguous(ex)
                ? Ambiguous(ex, what, connection)
                : new IOException($"{what} failed: etcd ({connection.Endpoints}) answered {ex.StatusCode}: {ex.Status.Detail}", ex);

    /// <summary>Makes the exception of a write whose outcome is unknown.</summary>
    /// <param name="ex">The failure.</param>
    /// <param name="what">The write, for the message ("The Set of x").</param>
    /// <param name="connection">The cluster, for the message.</param>
    public static Exception Ambiguous(RpcException ex, string what, EtcdConnection connection) =>
        ex.StatusCode == StatusCode.DeadlineExceeded
            ? new TimeoutException($"{what} got no answer from etcd ({connection.Endpoints}) within {connection.Options.RequestTimeout.TotalSeconds:0.#} s; it may or may not have been applied.", ex)
            : new IOException($"{what} failed: etcd ({connection.Endpoints}) cannot be reached ({ex.Status.Detail}); it may or may not have been applied.", ex);

    /// <summary>Gets whether a failed write may still have been committed: it reached no answer, not a refusal.</summary>
    private static bool IsAmbiguous(RpcException ex) =>
        ex.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Unavailable or StatusCode.Unknown or StatusCode.Internal or StatusCode.Cancelled;
}
