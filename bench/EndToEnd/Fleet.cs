namespace EventDashboard.Benchmarks.EndToEnd;

/// <summary>Receiving connections to one server, each reporting what it sees to a <see cref="LatencyRecorder"/>.</summary>
internal abstract class Fleet : IAsyncDisposable
{
    /// <summary>Opens <paramref name="count"/> connections and returns once each is receiving.</summary>
    public abstract Task ConnectAsync(Uri server, int count, LatencyRecorder recorder);

    public abstract ValueTask DisposeAsync();
}
