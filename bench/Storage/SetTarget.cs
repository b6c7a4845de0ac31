namespace EventDashboard.Benchmarks.Storage;

/// <summary>
/// A store under test that takes Sets over HTTP, in its own process. The load generator only asks it for a
/// request per Set, so every target is driven by the same loop through the same kind of <see cref="HttpClient"/>.
/// </summary>
internal abstract class SetTarget : IAsyncDisposable
{
    /// <summary>Gets the name shown in the result table.</summary>
    public abstract string Name { get; }

    /// <summary>Gets the address the requests go to.</summary>
    public abstract Uri BaseAddress { get; }

    /// <summary>A new request that sets the value of setter <paramref name="setter"/> to <see cref="SetPayload.Create"/>(<paramref name="n"/>).</summary>
    public abstract HttpRequestMessage NewSet(int setter, long n);

    /// <summary>The CPU time the target's process has used so far.</summary>
    public abstract TimeSpan CpuTime();

    /// <summary>Kills the target's process and waits for it to exit.</summary>
    public abstract ValueTask DisposeAsync();
}
