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
/// <para>Disposing the client ends it for good: the connection closes (<see cref="Connection"/> ends in
/// <see cref="ConnectionState.Closed"/>), a Get pending on any of its watchers fails with
/// <see cref="ObjectDisposedException"/>, and so does every later Get, Watch or Set. Disposing its watchers
/// afterwards is harmless.</para>
/// </remarks>
[DebuggerDisplay("{_serverUri}")]
public sealed class EventDashboardClient : IAsyncDisposable
{
    /// <summary>The path of the server's hub.</summary>
    internal const string HubPath = "hubs/values";

    private readonly Uri _serverUri;
    private readonly HttpClient _http;
    private readonly Transport _transport;

    // Completed when the first DisposeAsync is done; a second one waits for it.
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposing;

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
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public IValue<T> Value<T>(string name, JsonSerializerOptions? options = null)
    {
        ThrowIfDisposed();
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
    /// <exception cref="ObjectDisposedException">The client was disposed, before or during the Set.</exception>
    /// <exception cref="InvalidOperationException">
    /// Over the hub: the server refused the Set, or closed the connection before answering (it does so to a message
    /// larger than it accepts; see <c>EventDashboard:MaxValueBytes</c>), in which case the client reconnects by itself.
    /// Over HTTP long polling, a refused value is an <see cref="ArgumentException"/> with the server's reason instead.
    /// </exception>
    public async Task<long> SetAsync<T>(string name, T value, long? expectedVersion = null, JsonSerializerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ThrowIfInvalid(name);
        var json = JsonSerializer.SerializeToElement(value, options ?? ValuesApi.Json);

        // The client's disposal ends a Set in flight too; whatever that makes the transport throw, the caller
        // learns the reason: the client was disposed.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Subscriptions.Closing);
        try
        {
            var (version, epoch) = await _transport.SetAsync(name, json, expectedVersion, stop.Token).ConfigureAwait(false);

            // Read-your-writes: while this client watches the value, wait until its mirror holds this version.
            // Holding a reference meanwhile keeps the server subscription that will deliver it.
            if (Subscriptions.TryAcquireWatched(name) is { } subscription)
            {
                try
                {
                    await subscription.WaitForAsync(version, epoch, stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    Subscriptions.Release(subscription);
                }
            }

            return version;
        }
        catch (Exception ex) when (Subscriptions.IsClosed && !cancellationToken.IsCancellationRequested && ex is not VersionConflictException)
        {
            throw new ObjectDisposedException($"The {nameof(EventDashboardClient)} was disposed before the Set of '{name}' completed; it may or may not have been made.", ex);
        }
    }

    /// <summary>
    /// Closes the connection and stops reconnecting. Gets pending on this client's watchers fail with
    /// <see cref="ObjectDisposedException"/>, and so does every later use of the client, its values and watchers.
    /// </summary>
    /// <returns>A task that completes when the connection is closed and <see cref="Connection"/> is <see cref="ConnectionState.Closed"/>.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) != 0)
        {
            await _disposed.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            // First, so that nobody waits on a value that will never change again while the connection closes.
            Subscriptions.Close();
            await _transport.DisposeAsync().ConfigureAwait(false);
            _http.Dispose();
        }
        finally
        {
            _disposed.TrySetResult();
        }
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once the client is being disposed.</summary>
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposing) != 0, this);

    private static void ThrowIfInvalid(string name)
    {
        if (!ValueName.IsValid(name))
        {
            throw new ArgumentException(ValueName.Describe(name), nameof(name));
        }
    }
}
