using System.Diagnostics;
using System.Text.Json;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>
/// One Server-Sent Events stream of one value (<c>GET /api/values/{name}/events</c>) that hands each event's data
/// (the snapshot, or the deletion) to a callback with the moment it was read. It reconnects with <c>Last-Event-ID</c>
/// when the stream ends or breaks, as a browser's EventSource does, and counts that. Shared by the storage
/// benchmark and the soak harness (linked into <c>bench/Soak</c>).
/// </summary>
internal sealed class SseWatcher : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string _name;
    private readonly Action<JsonElement, long> _delivered;
    private readonly Action? _broke;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private string? _lastEventId;
    private long _reconnects;

    /// <param name="http">A client for the node to watch on.</param>
    /// <param name="name">The value.</param>
    /// <param name="delivered">Called with the event's data and the <see cref="Stopwatch"/> timestamp it was read at, for every event, on the stream's reading task.</param>
    /// <param name="broke">Called when the stream failed (not when it ended cleanly), before it is opened again.</param>
    public SseWatcher(HttpClient http, string name, Action<JsonElement, long> delivered, Action? broke = null)
    {
        _http = http;
        _name = name;
        _delivered = delivered;
        _broke = broke;
    }

    /// <summary>Gets how many times the stream broke and was opened again.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Starts reading, opening the stream in the background.</summary>
    public void Start() => _loop = RunAsync();

    /// <summary>Starts reading and returns once the server answered the stream's headers, so that no later Set can be missed.</summary>
    public Task StartAsync()
    {
        Start();
        return _open.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        await Task.Yield();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"api/values/{_name}/events");
                if (_lastEventId is not null)
                {
                    request.Headers.Add("Last-Event-ID", _lastEventId);
                }

                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                response.EnsureSuccessStatusCode();
                _open.TrySetResult();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));

                // An event's fields may come in any order; it ends with a blank line.
                string? id = null;
                string? data = null;
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line.StartsWith("id: ", StringComparison.Ordinal))
                    {
                        id = line[4..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        data = line[6..];
                    }
                    else if (line.Length == 0 && data is not null)
                    {
                        var now = Stopwatch.GetTimestamp();
                        using var document = JsonDocument.Parse(data);
                        _delivered(document.RootElement, now);
                        _lastEventId = id ?? _lastEventId;
                        (id, data) = (null, null);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                _broke?.Invoke();
            }

            Interlocked.Increment(ref _reconnects);
            try
            {
                // A pause between attempts, as EventSource's retry, so that a node that is down is not hammered.
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
