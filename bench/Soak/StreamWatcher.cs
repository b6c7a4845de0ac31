using System.Text.Json;

namespace EventDashboard.Benchmarks.Soak;

/// <summary>
/// One Server-Sent Events stream of one value (<c>GET /api/values/{name}/events</c>), resuming with
/// <c>Last-Event-ID</c> when the server goes away, as a browser's EventSource does.
/// </summary>
internal sealed class StreamWatcher : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string _name;
    private readonly SoakCounters _counters;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _version;
    private string? _lastEventId;

    public StreamWatcher(HttpClient http, string name, SoakCounters counters)
    {
        _http = http;
        _name = name;
        _counters = counters;
    }

    public long Version => Interlocked.Read(ref _version);

    public string Name => _name;

    public void Start() => _loop = RunAsync();

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
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                // An event's fields may come in any order (the server writes data before id); it ends with a blank line.
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
                        using var document = JsonDocument.Parse(data);
                        var root = document.RootElement;
                        var version = root.GetProperty("version").GetInt64();
                        var previous = Interlocked.Read(ref _version);
                        var sent = root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Object ? value.GetProperty("t").GetInt64() : 0;
                        _counters.Delivered(previous, version, sent);
                        Interlocked.Exchange(ref _version, Math.Max(previous, version));
                        _lastEventId = id;
                        (id, data) = (null, null);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                Interlocked.Increment(ref _counters.WatcherErrors);
                try
                {
                    await Task.Delay(100, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
