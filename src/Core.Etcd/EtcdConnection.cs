using System.Diagnostics.CodeAnalysis;
using dotnet_etcd;
using Etcdserverpb;
using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventDashboard.Core.Etcd;

/// <summary>
/// One gRPC channel to an etcd cluster, shared by every <see cref="EtcdValue{T}"/> made on it. Dispose it after them.
/// </summary>
/// <remarks>
/// <para>It uses dotnet-etcd only for its generated gRPC clients and its channel, and works around that library's
/// traps: the channel has <b>no retry policy</b> (the library's default retries <c>Unavailable</c>, which would repeat
/// a write that etcd may already have committed), every request carries a deadline, and watches run on the raw
/// bidirectional stream, never through the library's watch manager, which writes to the console, queues callbacks
/// without bound and re-creates watches that etcd cancelled.</para>
/// </remarks>
public sealed class EtcdConnection : IDisposable
{
    private readonly EtcdClient _client;

    /// <summary>Initializes a new instance of the <see cref="EtcdConnection"/> class.</summary>
    /// <param name="endpoints">The members' client URLs, comma-separated, e.g. <c>http://127.0.0.1:2379</c>.</param>
    /// <param name="options">Deadlines and reconnect limits; the defaults when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where broken and resumed watches are logged; nowhere when <see langword="null"/>.</param>
    [SuppressMessage("Reliability", "CA2000", Justification = "The handler is owned by the channel, which the client disposes.")]
    public EtcdConnection(string endpoints, EtcdConnectionOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoints);
        Options = options ?? new EtcdConnectionOptions();
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Endpoints = endpoints;
        _client = new EtcdClient(endpoints, configureChannelOptions: channel =>
        {
            // Replaces the library's service config, whose retry policy makes writes ambiguous: round robin over
            // the members stays, retries go. Reads and watches are resumed by this library's own code instead.
            channel.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };

            // The library turns a passed deadline into OperationCanceledException, indistinguishable from the
            // caller's cancellation; as RpcException(DeadlineExceeded) it can be reported as the ambiguous outcome it is.
            channel.ThrowOperationCanceledOnCancellation = false;

            // gRPC's 4 MB default for an answer is less than a few values of etcd's 1.5 MiB each (a history page,
            // a log page): the caller bounds its reads by how many keys it asks for instead.
            channel.MaxReceiveMessageSize = null;

            // A member that vanished without closing its connection (killed, partitioned) is noticed within
            // seconds, so a watch on it breaks and resumes on another member.
            channel.HttpHandler = new SocketsHttpHandler
            {
                KeepAlivePingDelay = TimeSpan.FromSeconds(2),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(2),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                EnableMultipleHttp2Connections = true,
            };
        });
        var connection = _client.GetConnection();
        Kv = connection.KVClient;
        Watches = connection.WatchClient;
    }

    /// <summary>Gets the endpoints the connection was made with.</summary>
    public string Endpoints { get; }

    /// <summary>Gets the deadlines and reconnect limits.</summary>
    public EtcdConnectionOptions Options { get; }

    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>Gets the raw key-value client: every call must pass <see cref="Deadline"/>.</summary>
    internal KV.KVClient Kv { get; }

    /// <summary>Gets the raw watch client (bidirectional streams, see <see cref="Internal.WatchFeed"/>).</summary>
    internal Watch.WatchClient Watches { get; }

    /// <summary>Gets the deadline of a request that starts now.</summary>
    internal DateTime Deadline() => DateTime.UtcNow + Options.RequestTimeout;

    /// <summary>
    /// Gets the headers of a watch stream: <c>hasleader</c> makes a member that lost its leader cancel the watch,
    /// instead of keeping it open and silent while the rest of the cluster moves on without it.
    /// </summary>
    internal static Metadata RequireLeader { get; } = new() { { "hasleader", "true" } };

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();
}
