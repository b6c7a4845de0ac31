using System.Collections.Concurrent;
using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using EventDashboard.Client;
using EventDashboard.Core;
using EventDashboard.Tests.E2E.Infrastructure;
using Xunit.Abstractions;

namespace EventDashboard.Tests.E2E.Storage;

/// <summary>
/// The server is killed (SIGKILL) while writers over HTTP and over the hub Set values as fast as they can, then
/// started again on the same data folder: every Set it acknowledged is still there, versions continue, and
/// watchers that resume from what they were told end on the newest value.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int HttpWriters = 3;
    private const int HubWriters = 3;
    private const int OwnNamesPerWriter = 3;
    private const int SharedNames = 3;

    // Acknowledged Sets in each round before the kill: right after a start, under load, and deep into it. Each
    // round continues on the data of the rounds before, so versions also have to survive several crashes.
    private static readonly int[] KillPoints = [20, 300, 1500];

    [Fact]
    public async Task Sets_ServerKilledMidLoad_EveryAcknowledgedSetSurvivesAndWatchersResume()
    {
        await using var app = await AppProcess.StartAsync();
        using var api = new StorageApi(app.BaseAddress);
        var storeId = (await api.GetAsync("api/values")).StoreId;
        Assert.False(string.IsNullOrEmpty(storeId), "The server sends no X-Store-Id header.");
        var acknowledged = new AcknowledgedSets();

        for (var round = 0; round < KillPoints.Length; round++)
        {
            var load = new Round(round, KillPoints[round]);
            await LoadUntilKilledAsync(app, acknowledged, load);
            await app.StartAgainAsync();

            var (current, overtaken) = await AssertAcknowledgedSetsSurvivedAsync(api, acknowledged, storeId, round);
            output.WriteLine(
                $"Round {round}: killed at {load.CountAtKill} acknowledged Sets, {load.Count} in all; {acknowledged.Count} names, " +
                $"{overtaken} of them with a Set the server made durable but never acknowledged.");
            await AssertWatchersResumeAsync(app, api, acknowledged, current, storeId!, round);
        }
    }

    // Runs the writers until the round's kill point, kills the server while they are still writing, and stops
    // them once it is gone; a Set whose answer arrives is recorded, also when it arrives after the kill.
    private static async Task LoadUntilKilledAsync(AppProcess app, AcknowledgedSets acknowledged, Round round)
    {
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, HubWriters).Select(_ => new EventDashboardClient(app.BaseAddress)).ToArray();
        Task[] writers =
        [
            .. Enumerable.Range(0, HttpWriters).Select(w => WriteOverHttpAsync(app.BaseAddress, $"http{w}", round, acknowledged, stop.Token)),
            .. clients.Select((client, w) => WriteOverHubAsync(client, $"hub{w}", round, acknowledged, stop.Token)),
        ];
        try
        {
            var first = await Task.WhenAny([round.KillPointReached, .. writers]).WaitAsync(StorageApi.SafetyTimeout);

            // A writer ends only when told to: one that ended first failed, and awaiting it says why.
            await first;
            Assert.True(first == round.KillPointReached, $"Round {round.Number}: a writer stopped before the kill point.");
            round.MarkKilled();
            await app.StopAsync();
        }
        finally
        {
            round.MarkKilled();
            await stop.CancelAsync();
            await Task.WhenAll(writers).WaitAsync(StorageApi.SafetyTimeout);
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task WriteOverHttpAsync(Uri baseAddress, string writer, Round round, AcknowledgedSets acknowledged, CancellationToken cancellationToken)
    {
        using var api = new StorageApi(baseAddress);
        for (var seq = 0; !cancellationToken.IsCancellationRequested; seq++)
        {
            var (name, value) = NextSet(writer, round.Number, seq);
            ApiResponse response;
            try
            {
                response = await api.PutAsync(name, JsonSerializer.Serialize(value), cancellationToken);
            }
            catch (Exception) when (round.Killed)
            {
                return;
            }

            // A killed server answers nothing, so any answer but a success is a failure of the server.
            Assert.True(response.IsSuccess, $"Round {round.Number}: PUT {name} answered {response}");
            acknowledged.Add(name, response.Version, value);
            round.Acknowledged();
        }
    }

    private static async Task WriteOverHubAsync(EventDashboardClient client, string writer, Round round, AcknowledgedSets acknowledged, CancellationToken cancellationToken)
    {
        for (var seq = 0; !cancellationToken.IsCancellationRequested; seq++)
        {
            var (name, value) = NextSet(writer, round.Number, seq);
            long version;
            try
            {
                version = await client.SetAsync(name, value, cancellationToken: cancellationToken);
            }
            catch (Exception) when (round.Killed)
            {
                return;
            }

            acknowledged.Add(name, version, value);
            round.Acknowledged();
        }
    }

    // Two Sets in three go to the writer's own names in turn, one to a name that every writer shares. Every
    // value is unique, so the value found after a restart tells which Set it came from.
    private static (string Name, string Value) NextSet(string writer, int round, int seq)
    {
        var (triple, position) = Math.DivRem(seq, 3);
        var name = position == 2
            ? $"crash-shared-{triple % SharedNames}"
            : $"crash-{writer}-{((2 * triple) + position) % OwnNamesPerWriter}";
        return (name, $"{writer}/r{round}/{seq}");
    }

    // Returns the values after the restart, and how many of the acknowledged names have a newer version than
    // acknowledged: a Set made durable whose answer the kill cut off.
    private static async Task<(Dictionary<string, JsonElement> Values, int Overtaken)> AssertAcknowledgedSetsSurvivedAsync(
        StorageApi api, AcknowledgedSets acknowledged, string? storeId, int round)
    {
        var (response, values) = await api.ListAsync();
        Assert.Equal(storeId, response.StoreId);
        Assert.NotEmpty(acknowledged.Newest);
        var overtaken = 0;
        foreach (var (name, ack) in acknowledged.Newest)
        {
            Assert.True(values.TryGetValue(name, out var snapshot), $"Round {round}: '{name}', acknowledged at version {ack.Version}, is gone after the restart.");
            var version = snapshot.GetProperty("version").GetInt64();
            Assert.True(
                version >= ack.Version,
                $"Round {round}: '{name}' is at version {version} after the restart, below its acknowledged version {ack.Version}.");
            if (version == ack.Version)
            {
                Assert.Equal(ack.Value, snapshot.GetProperty("value").GetString());
            }
            else
            {
                overtaken++;
            }

            Assert.Equal(storeId, snapshot.GetProperty("storeId").GetString());
        }

        return (values, overtaken);
    }

    // Watchers resume from what they were acknowledged: blocking queries and event streams from just before the
    // acknowledged version and from it, and the .NET client's watcher. Those that have something newer to say
    // answer at once, the others wait; all of them end on the next Set of every name.
    private static async Task AssertWatchersResumeAsync(
        AppProcess app, StorageApi api, AcknowledgedSets acknowledged, Dictionary<string, JsonElement> current, string storeId, int round)
    {
        using var safety = new CancellationTokenSource(StorageApi.SafetyTimeout);
        await using var client = new EventDashboardClient(app.BaseAddress);
        var resumes = new List<Resume>();
        try
        {
            foreach (var (name, ack) in acknowledged.Newest)
            {
                var snapshot = current[name];
                var version = snapshot.GetProperty("version").GetInt64();

                // A reader whose last index is below the acknowledged version is answered at once, at it or later;
                // the server holds the query for 10 minutes otherwise, far beyond the safety timeout.
                var caughtUp = await api.GetAsync($"api/values/{name}?index={ack.Version - 1}&wait=10m");
                Assert.Equal(HttpStatusCode.OK, caughtUp.Status);
                Assert.True(caughtUp.Version >= ack.Version, $"Round {round}: the blocking query of '{name}' from index {ack.Version - 1} answered version {caughtUp.Version}.");

                // A stream resumed from before the acknowledged version sends the current one first.
                using (var behind = await OpenEventsAsync(api, name, $"{storeId}:{ack.Version - 1}", safety.Token))
                {
                    var first = Assert.Single(await ReadEventsUntilAsync(behind, version, safety.Token));
                    Assert.Equal($"{storeId}:{version}", first.Id);
                    Assert.Equal(snapshot.GetProperty("value").GetString(), first.Data.GetProperty("value").GetString());
                }

                var watcher = client.Value<string>(name).Watch();
                var resume = new Resume(name, ack.Version, version, watcher)
                {
                    Blocking = api.GetAsync($"api/values/{name}?index={ack.Version}&wait=10m"),
                    Events = await OpenEventsAsync(api, name, $"{storeId}:{ack.Version}", safety.Token),
                };
                resumes.Add(resume);
                resume.Stream = ReadEventsUntilAsync(resume.Events, version + 1, safety.Token);
                var seen = await watcher.GetAsync(GetOptions<string>.Where(v => v == snapshot.GetProperty("value").GetString()), safety.Token);
                Assert.Equal(snapshot.GetProperty("value").GetString(), seen);
            }

            foreach (var resume in resumes)
            {
                var value = $"after-restart/r{round}/{resume.Name}";
                var response = await api.PutAsync(resume.Name, JsonSerializer.Serialize(value));
                Assert.True(response.IsSuccess, $"Round {round}: PUT {resume.Name} after the restart answered {response}");
                Assert.Equal(resume.Current + 1, response.Version);
                acknowledged.Add(resume.Name, response.Version, value);
                resume.NewValue = value;
            }

            foreach (var resume in resumes)
            {
                var blocking = await resume.Blocking!;
                Assert.Equal(HttpStatusCode.OK, blocking.Status);
                Assert.InRange(blocking.Version, resume.Acknowledged + 1, resume.Current + 1);

                var events = await resume.Stream!;
                Assert.All(events, e => Assert.StartsWith(storeId + ":", e.Id, StringComparison.Ordinal));
                var versions = events.Select(e => e.Data.GetProperty("version").GetInt64()).ToArray();
                Assert.True(
                    versions[0] > resume.Acknowledged && versions.Zip(versions.Skip(1)).All(p => p.First < p.Second),
                    $"Round {round}: the stream of '{resume.Name}' from {resume.Acknowledged} sent versions {string.Join(", ", versions)}.");
                Assert.Equal(resume.NewValue, events[^1].Data.GetProperty("value").GetString());
                Assert.Equal($"{storeId}:{resume.Current + 1}", events[^1].Id);

                var seen = await resume.Watcher.GetAsync(GetOptions<string>.Where(v => v == resume.NewValue), safety.Token);
                Assert.Equal(resume.NewValue, seen);
            }
        }
        finally
        {
            foreach (var resume in resumes)
            {
                resume.Dispose();
            }
        }
    }

    private static async Task<HttpResponseMessage> OpenEventsAsync(StorageApi api, string name, string lastEventId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"api/values/{name}/events", UriKind.Relative));
        request.Headers.Add("Last-Event-ID", lastEventId);

        // The server sends the headers before it waits for a version, so this returns while the stream stays open.
        var response = await api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return response;
    }

    private static async Task<List<(string Id, JsonElement Data)>> ReadEventsUntilAsync(HttpResponseMessage response, long version, CancellationToken cancellationToken)
    {
        var events = new List<(string Id, JsonElement Data)>();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            var data = JsonDocument.Parse(item.Data).RootElement.Clone();
            events.Add((item.EventId ?? string.Empty, data));
            if (data.GetProperty("version").GetInt64() >= version)
            {
                return events;
            }
        }

        throw new InvalidOperationException($"The event stream ended before version {version}; it sent {events.Count} events.");
    }

    /// <summary>One round of load: counts the acknowledged Sets and says when the kill point is reached.</summary>
    private sealed class Round(int number, int killPoint)
    {
        private readonly TaskCompletionSource _killPointReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;
        private int _killed;

        public int Number => number;

        /// <summary>Gets the acknowledged Sets of this round so far.</summary>
        public int Count => Volatile.Read(ref _count);

        /// <summary>Gets the acknowledged Sets of this round when the kill was decided.</summary>
        public int CountAtKill { get; private set; }

        public Task KillPointReached => _killPointReached.Task;

        /// <summary>Gets a value indicating whether the server is (about to be) killed: failed Sets are expected from then on.</summary>
        public bool Killed => Volatile.Read(ref _killed) != 0;

        public void MarkKilled()
        {
            if (Interlocked.Exchange(ref _killed, 1) == 0)
            {
                CountAtKill = Count;
            }
        }

        public void Acknowledged()
        {
            if (Interlocked.Increment(ref _count) == killPoint)
            {
                _killPointReached.TrySetResult();
            }
        }
    }

    /// <summary>The highest acknowledged version of every name, and the value that Set wrote.</summary>
    private sealed class AcknowledgedSets
    {
        private readonly ConcurrentDictionary<string, (long Version, string Value)> _newest = new(StringComparer.Ordinal);

        public IReadOnlyDictionary<string, (long Version, string Value)> Newest => _newest;

        public int Count => _newest.Count;

        public void Add(string name, long version, string value) =>
            _newest.AddOrUpdate(name, (version, value), (_, old) => version > old.Version ? (version, value) : old);
    }

    /// <summary>The watchers of one name that resume after a restart.</summary>
    private sealed class Resume(string name, long acknowledged, long current, IWatcher<string> watcher) : IDisposable
    {
        public string Name => name;

        public long Acknowledged => acknowledged;

        public long Current => current;

        public IWatcher<string> Watcher => watcher;

        public Task<ApiResponse>? Blocking { get; init; }

        public HttpResponseMessage? Events { get; init; }

        public Task<List<(string Id, JsonElement Data)>>? Stream { get; set; }

        public string? NewValue { get; set; }

        public void Dispose()
        {
            watcher.Dispose();
            Events?.Dispose();
        }
    }
}
