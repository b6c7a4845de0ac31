using System.Net.Http.Json;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>
/// Another program that sets one value over a node's HTTP API back to back, 1, 2, 3, …, until stopped: the
/// steady writer of the failover tests. Its value equals the version it makes, when it is the value's only writer.
/// </summary>
internal sealed class SteadyWriter : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string _name;
    private readonly Task _running;

    // Checked between Sets, never used to cancel one: a Set cancelled in flight may or may not have been made, and the
    // tests must know the last value for certain.
    private volatile bool _stopping;
    private long _last;

    private SteadyWriter(Uri node, string name)
    {
        _http = new HttpClient { BaseAddress = node };
        _name = name;
        _running = Task.Run(RunAsync);
    }

    /// <summary>Gets the last value whose Set the node acknowledged (0 before the first).</summary>
    public long Last => Interlocked.Read(ref _last);

    /// <summary>Starts setting <paramref name="name"/> on <paramref name="node"/>.</summary>
    /// <param name="node">The node's base address.</param>
    /// <param name="name">The value's name.</param>
    /// <returns>The running writer.</returns>
    public static SteadyWriter Start(Uri node, string name) => new(node, name);

    /// <summary>Stops after the Set in flight and returns the last value set.</summary>
    /// <returns>A task whose result is the final value; it fails with the writer's error if a Set failed.</returns>
    public async Task<long> StopAsync()
    {
        _stopping = true;
        await _running;
        return Last;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _http.Dispose();
    }

    private async Task RunAsync()
    {
        for (var n = 1L; !_stopping; n++)
        {
            using var response = await _http.PutAsJsonAsync($"api/values/{_name}", n);
            response.EnsureSuccessStatusCode();
            Interlocked.Exchange(ref _last, n);
        }
    }
}
