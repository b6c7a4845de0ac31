using System.Diagnostics;
using System.Text.Json;
using EventDashboard.Core;

namespace EventDashboard.Client.Internal;

/// <summary>A value hosted by the server, seen through an <see cref="EventDashboardClient"/>.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
[DebuggerDisplay("{_name}")]
internal sealed class RemoteValue<T> : IValue<T>
{
    private readonly EventDashboardClient _client;
    private readonly string _name;
    private readonly JsonSerializerOptions _json;

    public RemoteValue(EventDashboardClient client, string name, JsonSerializerOptions json)
    {
        _client = client;
        _name = name;
        _json = json;
    }

    public IWatcher<T> Watch()
    {
        _client.ThrowIfDisposed();
        return new RemoteWatcher<T>(_client.Subscriptions, _name, _json);
    }

    /// <remarks>Blocks the calling thread for a round trip to the server; prefer <see cref="SetAsync"/>.</remarks>
    public void Set(T value) => SetAsync(value).AsTask().GetAwaiter().GetResult();

    public async ValueTask SetAsync(T value, CancellationToken cancellationToken = default) =>
        await _client.SetAsync(_name, value, expectedVersion: null, _json, cancellationToken).ConfigureAwait(false);
}
