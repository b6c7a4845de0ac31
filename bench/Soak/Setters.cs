using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace EventDashboard.Benchmarks.Soak;

/// <summary>
/// Sets over HTTP at a target rate, spread over the values: several concurrent setters, each pacing itself, so a
/// slow answer delays only its own next Set. Remembers the newest acknowledged version of every value.
/// </summary>
internal sealed class Setters : IAsyncDisposable
{
    // Each setter waits for its answer, so the rate one can keep is about one over the answer time (a few ms to tens
    // of ms on a busy machine): 32 setters topped out at 500 to 2,200 Sets/s. One setter per 40 Sets/s leaves each
    // 25 ms a Set, so 5,000 Sets/s takes 125 of them.
    private const int SetsPerSetter = 40;

    private readonly HttpClient _http;
    private readonly string[] _names;
    private readonly int _ratePerSecond;
    private readonly SoakCounters _counters;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, long> _acknowledged = new(StringComparer.Ordinal);
    private Task[] _loops = [];
    private long _seq;

    public Setters(HttpClient http, string[] names, int ratePerSecond, SoakCounters counters)
    {
        _http = http;
        _names = names;
        _ratePerSecond = ratePerSecond;
        _counters = counters;
    }

    /// <summary>Gets the newest version each value's Sets were acknowledged with.</summary>
    public IReadOnlyDictionary<string, long> Acknowledged => _acknowledged;

    private int Concurrency => Math.Clamp(_ratePerSecond / SetsPerSetter, 8, 256);

    public void Start() => _loops = [.. Enumerable.Range(0, Concurrency).Select(RunAsync)];

    /// <summary>Stops setting and waits for the Sets in flight to be answered.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }

    private async Task RunAsync(int setter)
    {
        await Task.Yield();
        var interval = TimeSpan.FromSeconds(Concurrency / (double)_ratePerSecond);
        var next = Stopwatch.GetTimestamp();
        while (!_stop.IsCancellationRequested)
        {
            var seq = Interlocked.Increment(ref _seq);
            var name = _names[seq % _names.Length];
            var body = $"{{\"seq\":{seq},\"t\":{Stopwatch.GetTimestamp()}}}";
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await _http.PutAsync($"api/values/{name}", content, CancellationToken.None);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref _counters.Sets);
                    var version = long.Parse(response.Headers.GetValues("X-Index").Single(), System.Globalization.CultureInfo.InvariantCulture);
                    _acknowledged.AddOrUpdate(name, version, (_, old) => Math.Max(old, version));
                }
                else
                {
                    Interlocked.Increment(ref _counters.SetErrors);
                }
            }
            catch (HttpRequestException)
            {
                // The server is down (the restart phase): counted, and tried again at the next tick.
                Interlocked.Increment(ref _counters.SetErrors);
            }

            next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            else if (wait < -TimeSpan.FromSeconds(1))
            {
                // Far behind (the server was down): do not try to catch up in a burst.
                next = Stopwatch.GetTimestamp();
            }
        }
    }
}
