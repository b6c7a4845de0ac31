using System.Diagnostics;
using System.Text.Json;
using EventDashboard.Client.Internal;
using EventDashboard.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventDashboard.Client;

/// <summary>
/// A connection to an EventDashboard server whose hosted values a .NET program watches and sets through the
/// same <see cref="IValue{T}"/> and <see cref="IWatcher{T}"/> as a local <see cref="MemoryValue{T}"/>.
/// </summary>
/// <remarks>
/// <para>The client connects at once and stays connected by itself: when the link is lost it retries with
/// backoff, forever, and subscribes every watched value again. Watch <see cref="Connection"/> to follow it.</para>
/// <para>However many local watchers a value has, the client holds one server subscription for it, from the
/// first watcher to the Dispose of the last. The server pushes only the newest version, which feeds a local
/// <see cref="MemoryValue{T}"/> that the watchers read. A version is taken only if it is newer than the last
/// one; after a reconnect the first snapshot is taken whenever it differs, because a restarted server counts
/// versions from 1 again (its value is still the newest there is).</para>
/// <para>Disposing the client stops the connection; watchers keep their last value and should be disposed too.</para>
/// </remarks>
[DebuggerDisplay("{_serverUri}")]
public sealed class EventDashboardClient : IAsyncDisposable
{
    /// <summary>The path of the server's hub.</summary>
    internal const string HubPath = "hubs/values";

    private readonly Uri _serverUri;
    private readonly HttpClient _http;
    private readonly Transport _transport;

    /// <summary>Initializes a new instance of the <see cref="EventDashboardClient"/> class and starts connecting.</summary>
    /// <param name="serverUri">The server's base address, for example <c>http://localhost:5000/</c>.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    public EventDashboardClient(Uri serverUri, EventDashboardClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(serverUri);
        if (!serverUri.IsAbsoluteUri || serverUri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The server address '{serverUri}' must be an absolute http or https URL.", nameof(serverUri));
        }

        options ??= new EventDashboardClientOptions();
        options.Validate();
        _serverUri = serverUri.AbsoluteUri.EndsWith('/') ? serverUri : new Uri(serverUri.AbsoluteUri + "/");

        // Blocking queries outlive any fixed client timeout; each request sets its own.
        _http = new HttpClient { BaseAddress = _serverUri, Timeout = Timeout.InfiniteTimeSpan };
        foreach (var (name, value) in options.Headers)
        {
            _http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }

        var api = new ValuesApi(_http);
        var logger = (ILogger?)options.LoggerFactory?.CreateLogger<EventDashboardClient>() ?? NullLogger.Instance;
        _transport = options.Transport == ClientTransport.WebSockets
            ? new HubTransport(Subscriptions, new Uri(_serverUri, HubPath), options, api, logger)
            : new HttpTransport(Subscriptions, api, options.PollWait, logger);
    }

    /// <summary>Gets the state of the link to the server, as an event value: watch it to follow reconnections.</summary>
    public IValueWatch<ConnectionState> Connection => _transport.State;

    internal SubscriptionSet Subscriptions { get; } = new();

    /// <summary>Gets a hosted value, typed. Nothing is sent until it is watched or set.</summary>
    /// <typeparam name="T">The type the JSON document is read as.</typeparam>
    /// <param name="name">The value's name: 1 to 128 ASCII letters, digits, '.', '_' or '-'.</param>
    /// <param name="options">How to (de)serialize the value, or <see langword="null"/> for <see cref="JsonSerializerOptions.Web"/>.</param>
    /// <returns>The value. Its watchers get every guarantee of a <see cref="MemoryValue{T}"/> watcher; its Set goes to the server.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid name.</exception>
    public IValue<T> Value<T>(string name, JsonSerializerOptions? options = null)
    {
        ThrowIfInvalid(name);
        return new RemoteValue<T>(this, name, options ?? ValuesApi.Json);
    }

    /// <summary>
    /// Sets a hosted value, as a compare-and-set when <paramref name="expectedVersion"/> is given. When it
    /// returns, this client's watchers of the value see the new version or a newer one.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="name">The value's name.</param>
    /// <param name="value">The new value.</param>
    /// <param name="expectedVersion">The version the value must be at, or <see langword="null"/> to set it whatever it is.</param>
    /// <param name="options">How to serialize the value, or <see langword="null"/> for <see cref="JsonSerializerOptions.Web"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is the new version.</returns>
    /// <exception cref="VersionConflictException">The value is not at <paramref name="expectedVersion"/>; nothing was changed.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid name.</exception>
    public async Task<long> SetAsync<T>(string name, T value, long? expectedVersion = null, JsonSerializerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfInvalid(name);
        var json = JsonSerializer.SerializeToElement(value, options ?? ValuesApi.Json);
        var (version, epoch) = await _transport.SetAsync(name, json, expectedVersion, cancellationToken).ConfigureAwait(false);

        // Read-your-writes: while this client watches the value, wait until its mirror holds this version.
        // Holding a reference meanwhile keeps the server subscription that will deliver it.
        if (Subscriptions.TryAcquireWatched(name) is { } subscription)
        {
            try
            {
                await subscription.WaitForAsync(version, epoch, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Subscriptions.Release(subscription);
            }
        }

        return version;
    }

    /// <summary>Closes the connection and stops reconnecting.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _transport.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }

    private static void ThrowIfInvalid(string name)
    {
        if (!ValueName.IsValid(name))
        {
            throw new ArgumentException(ValueName.Describe(name), nameof(name));
        }
    }
}
