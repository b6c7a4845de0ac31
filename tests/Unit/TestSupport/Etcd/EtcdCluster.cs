using System.Diagnostics;

namespace EventDashboard.Tests.Unit.TestSupport.Etcd;

/// <summary>
/// A real etcd cluster of one or more members, started by the tests from <see cref="EtcdMember.ExecutablePath"/>
/// on free loopback ports, with data folders under one temporary folder that disposing deletes.
/// </summary>
internal sealed class EtcdCluster : IAsyncDisposable
{
    private const int Attempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _folder;
    private readonly HttpClient _http = new();

    private EtcdCluster(string folder, IReadOnlyList<EtcdMember> members)
    {
        _folder = folder;
        Members = members;
    }

    /// <summary>Gets the members, in the order they were made.</summary>
    public IReadOnlyList<EtcdMember> Members { get; }

    /// <summary>Gets every member's client URL, comma-separated, as <c>EventDashboard:Storage:Etcd:Endpoints</c> takes them.</summary>
    public string Endpoints => string.Join(',', Members.Select(m => m.ClientUrl.ToString().TrimEnd('/')));

    /// <summary>Starts a cluster of <paramref name="size"/> members and waits until each one is healthy.</summary>
    /// <param name="size">How many members: 1, or 3 for the fault tests.</param>
    /// <returns>A task whose result is the running cluster; dispose it to kill it and delete its data.</returns>
    public static async Task<EtcdCluster> StartAsync(int size = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        for (var attempt = 1; ; attempt++)
        {
            var cluster = Create(size);
            try
            {
                await cluster.StartMembersAsync();
                return cluster;
            }
            catch (EtcdStartException ex) when (ex.PortTaken && attempt < Attempts)
            {
                // A free port was taken between LoopbackPorts.Next and etcd's bind: start over on new ports.
                await cluster.DisposeAsync();
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Kills member <paramref name="index"/> with SIGKILL.</summary>
    /// <param name="index">The member's position in <see cref="Members"/>.</param>
    /// <returns>A task that completes when its process is gone.</returns>
    public Task KillAsync(int index) => Members[index].KillAsync();

    /// <summary>Starts member <paramref name="index"/> again on its data folder and waits until it is healthy.</summary>
    /// <param name="index">The member's position in <see cref="Members"/>.</param>
    /// <returns>A task that completes when it serves again.</returns>
    public async Task RestartAsync(int index)
    {
        var member = Members[index];
        member.Start(InitialCluster);
        await member.WaitHealthyAsync(_http, DateTimeOffset.UtcNow + StartTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members)
        {
            await member.DisposeAsync();
        }

        _http.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private string InitialCluster => string.Join(',', Members.Select(m => $"{m.Name}={m.PeerUrl.ToString().TrimEnd('/')}"));

    private static EtcdCluster Create(int size)
    {
        // Under /dev/shm when there is one: etcd fsyncs every commit, and on this shared machine a disk fsync
        // costs milliseconds. A test's data lives no longer than the test, so memory is durable enough.
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var folder = Path.Combine(root, "eventdashboard-etcd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var ports = LoopbackPorts.Take(2 * size);
        var members = Enumerable.Range(0, size)
            .Select(i => new EtcdMember("m" + (i + 1), Path.Combine(folder, "m" + (i + 1)), ports[2 * i], ports[(2 * i) + 1]))
            .ToList();
        return new EtcdCluster(folder, members);
    }

    private async Task StartMembersAsync()
    {
        var initialCluster = InitialCluster;
        foreach (var member in Members)
        {
            member.Start(initialCluster);
        }

        // A member of a new cluster is healthy only once a leader is elected, which needs a quorum: start them all
        // first, then wait for each.
        var deadline = DateTimeOffset.UtcNow + StartTimeout;
        await Task.WhenAll(Members.Select(m => m.WaitHealthyAsync(_http, deadline)));
        Debug.Assert(Members.All(m => m.IsRunning), "Every member runs once the cluster is healthy.");
    }
}
