using Microsoft.Extensions.Logging;

namespace EventDashboard.Client;

/// <summary>
/// Options for an <see cref="EventDashboardClient"/>. <c>AddEventDashboardClient</c> binds them from the
/// configuration section <c>EventDashboard:Client</c>.
/// </summary>
public sealed class EventDashboardClientOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "EventDashboard:Client";

    /// <summary>
    /// Gets or sets the server's base address, for example <c>http://localhost:5000/</c>. Required when the client
    /// comes from dependency injection; the constructor takes it as an argument instead.
    /// </summary>
    public Uri? ServerUrl { get; set; }

    /// <summary>
    /// Gets the base addresses of further nodes of the same cluster (nodes on one etcd, <c>Storage:Provider=Etcd</c>),
    /// tried in order after the server's when the client loses its link: it reconnects to the next node, subscribes
    /// again there and its watchers resume, never with an older version than they had (the nodes share one store).
    /// A node that is up but cannot reach etcd says so (it is stale: its copy may be behind); the client then asks the
    /// other nodes' <c>/readyz</c> and moves to the first that is ready, or stays on the stale copy while none is.
    /// Empty by default. For every transport and for prefix watches (which move on a lost link only). From
    /// configuration: <c>FailoverUrls:0</c>, <c>FailoverUrls:1</c>, ….
    /// </summary>
    public IList<Uri> FailoverUrls { get; } = new List<Uri>();

    /// <summary>
    /// Gets or sets the access key the client presents, or <see langword="null"/> for none. It is sent the standard
    /// way on every transport: as a bearer token (<c>Authorization: Bearer</c>) on the hub's requests and on every
    /// HTTP request.
    /// </summary>
    public string? AccessKey { get; set; }

    /// <summary>Gets or sets how the client talks to the server. The default is <see cref="ClientTransport.Negotiate"/>.</summary>
    public ClientTransport Transport { get; set; } = ClientTransport.Negotiate;

    /// <summary>Gets or sets how hub messages are encoded. The default is <see cref="ClientProtocol.Json"/>.</summary>
    public ClientProtocol Protocol { get; set; } = ClientProtocol.Json;

    /// <summary>Gets request headers sent with every request to the server, the hub's included.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets or sets the longest wait between two reconnection attempts. Attempts start at once and double from
    /// 100 ms up to this, with jitter. The default is 5 seconds.
    /// </summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long the server may hold one blocking query with <see cref="ClientTransport.BlockingQueries"/>. The default is 30 seconds.</summary>
    public TimeSpan PollWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the logger factory for the client's diagnostics, or <see langword="null"/> for none. From
    /// dependency injection the container's is used.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Tells what is wrong with these options, one sentence each.</summary>
    /// <param name="serverUrlRequired">Whether <see cref="ServerUrl"/> must be set.</param>
    /// <returns>The problems; none when the options are valid.</returns>
    internal IEnumerable<string> Problems(bool serverUrlRequired)
    {
        if (ServerUrl is null)
        {
            if (serverUrlRequired)
            {
                yield return $"{nameof(ServerUrl)} is required: the server's base address, for example http://localhost:5000/.";
            }
        }
        else if (!IsHttp(ServerUrl))
        {
            yield return $"{nameof(ServerUrl)} '{ServerUrl}' must be an absolute http or https URL.";
        }

        if (FailoverUrls is null || FailoverUrls.Any(u => u is null || !IsHttp(u)))
        {
            yield return $"{nameof(FailoverUrls)} must hold absolute http or https URLs only.";
        }

        if (AccessKey is not null && (AccessKey.Length == 0 || AccessKey.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            yield return $"{nameof(AccessKey)} must be non-empty and contain no spaces or control characters (it is sent as a bearer token).";
        }

        const ClientTransport known = ClientTransport.Negotiate | ClientTransport.BlockingQueries;
        if (Transport == ClientTransport.None || (Transport & ~known) != 0)
        {
            yield return $"{nameof(Transport)} '{Transport}' is not a transport: choose {nameof(ClientTransport.Negotiate)} (the default), one or more of {nameof(ClientTransport.WebSockets)}, {nameof(ClientTransport.ServerSentEvents)} and {nameof(ClientTransport.LongPolling)}, or {nameof(ClientTransport.BlockingQueries)}.";
        }
        else if (Transport.HasFlag(ClientTransport.BlockingQueries) && Transport != ClientTransport.BlockingQueries)
        {
            yield return $"{nameof(Transport)} '{Transport}' mixes {nameof(ClientTransport.BlockingQueries)}, which uses no hub, with hub transports: choose one or the other.";
        }

        if (!Enum.IsDefined(Protocol))
        {
            yield return $"{nameof(Protocol)} '{Protocol}' is not a protocol: choose {nameof(ClientProtocol.Json)} or {nameof(ClientProtocol.MessagePack)}.";
        }
        else if (Protocol == ClientProtocol.MessagePack && Transport == ClientTransport.ServerSentEvents)
        {
            yield return $"{nameof(Protocol)} {nameof(ClientProtocol.MessagePack)} is binary and {nameof(ClientTransport.ServerSentEvents)} carries text only: choose {nameof(ClientProtocol.Json)}, or add {nameof(ClientTransport.WebSockets)} or {nameof(ClientTransport.LongPolling)} to {nameof(Transport)}.";
        }
        else if (Protocol == ClientProtocol.MessagePack && Transport == ClientTransport.BlockingQueries)
        {
            yield return $"{nameof(Protocol)} {nameof(ClientProtocol.MessagePack)} is a hub protocol, and {nameof(ClientTransport.BlockingQueries)} uses no hub (it is JSON over HTTP): choose {nameof(ClientProtocol.Json)} or a hub transport.";
        }

        if (Headers is null)
        {
            yield return $"{nameof(Headers)} must not be null.";
        }

        if (MaxReconnectDelay <= TimeSpan.Zero)
        {
            yield return $"{nameof(MaxReconnectDelay)} must be positive; it is {MaxReconnectDelay}.";
        }

        if (PollWait < TimeSpan.FromSeconds(1) || PollWait > TimeSpan.FromMinutes(10))
        {
            yield return $"{nameof(PollWait)} must be between 1 second and 10 minutes (the server's maximum); it is {PollWait}.";
        }
    }

    internal static bool IsHttp(Uri uri) => uri.IsAbsoluteUri && uri.Scheme is "http" or "https";
}
