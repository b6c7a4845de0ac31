using EventDashboard.Tests.Unit.TestSupport;
using System.Diagnostics.Metrics;
using EventDashboard.Tests.Unit.Web.Operations;
using System.Globalization;
using System.Text.Json;
using EventDashboard.Web.Hubs.Internal;
using EventDashboard.Web.Values;
using Xunit.Abstractions;

namespace EventDashboard.Tests.Unit.Web.Hubs;

/// <summary>The hub over real WebSocket connections to a real Kestrel server.</summary>
public sealed class ValuesHubTests(ValuesHubTests.Factory factory, ITestOutputHelper output) : WebAppTests(factory), IClassFixture<ValuesHubTests.Factory>
{
    private Task<RawHubClient> ConnectAsync() => RawHubClient.ConnectAsync(App.KestrelAddress);

    private static string ErrorOf(JsonElement completion) =>
        completion.TryGetProperty("error", out var error) ? error.GetString()! : throw new Xunit.Sdk.XunitException("The call succeeded but should have failed.");

    [Fact]
    public async Task Subscribe_ExistingValue_ReturnsSnapshotThenPushesNewerVersions()
    {
        var name = NewName();
        Set(name, "\"one\"");
        await using var client = await ConnectAsync();

        var snapshot = await client.InvokeResultAsync("Subscribe", name);
        Set(name, "\"two\"");
        var pushed = await client.NextValueAsync(name);

        Assert.Equal(1, snapshot.GetProperty("version").GetInt64());
        Assert.Equal("one", snapshot.GetProperty("value").GetString());
        Assert.Equal(1, snapshot.GetProperty("watchers").GetInt32());
        Assert.Equal(2, pushed.GetProperty("version").GetInt64());
        Assert.Equal("two", pushed.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Subscribe_NeverSet_ReturnsNullThenPushesFirstSet()
    {
        var name = NewName();
        await using var client = await ConnectAsync();

        var snapshot = await client.InvokeResultAsync("Subscribe", name);
        Set(name, "7");

        Assert.Equal(JsonValueKind.Null, snapshot.ValueKind);
        Assert.Equal(1, (await client.NextValueAsync(name)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Subscribe_InvalidName_ReturnsHubError()
    {
        await using var client = await ConnectAsync();

        var error = ErrorOf(await client.InvokeAsync("Subscribe", "not valid!"));

        Assert.Contains("not a valid value name", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_Unconditional_ReturnsNewVersionAndRecordsHubSource()
    {
        var name = NewName();
        Set(name, "1");
        await using var client = await ConnectAsync();

        var version = await client.InvokeResultAsync("Set", name, new { on = true }, null);

        Assert.Equal(2, version.GetInt64());
        var entry = Registry.GetHistory(name, 1)!.Entries[0];
        Assert.Equal("hub", entry.Source);
        Assert.Equal("127.0.0.1", entry.Remote);
        Assert.True(entry.Value.GetProperty("on").GetBoolean());
    }

    [Fact]
    public async Task Set_MatchingExpectedVersion_Updates()
    {
        var name = NewName();
        Set(name, "1");
        await using var client = await ConnectAsync();

        var version = await client.InvokeResultAsync("Set", name, 2, 1);

        Assert.Equal(2, version.GetInt64());
    }

    [Fact]
    public async Task Set_StaleExpectedVersion_ReturnsErrorAndChangesNothing()
    {
        var name = NewName();
        Set(name, "1");
        Set(name, "2");
        await using var client = await ConnectAsync();

        var error = ErrorOf(await client.InvokeAsync("Set", name, 3, 1));

        Assert.Contains("at version 2", error, StringComparison.Ordinal);
        Assert.Equal(2, Registry.Get(name)!.Value.GetInt32());
    }

    [Fact]
    public async Task Set_InvalidName_ReturnsError()
    {
        await using var client = await ConnectAsync();

        Assert.Contains("not a valid value name", ErrorOf(await client.InvokeAsync("Set", "a/b", 1, null)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_ValueLargerThanFrameworkDefaultMessageLimit_IsAccepted()
    {
        var name = NewName();
        await using var client = await ConnectAsync();

        // 40 KB: above SignalR's default 32 KB message limit, below our 64 KB value limit.
        var version = await client.InvokeResultAsync("Set", name, new string('x', 40 * 1024), null);

        Assert.Equal(1, version.GetInt64());
    }

    [Fact]
    public async Task Set_OverValueLimit_ReturnsErrorAndKeepsConnection()
    {
        var name = NewName();
        await using var client = await ConnectAsync();

        var error = ErrorOf(await client.InvokeAsync("Set", name, new string('x', Factory.MaxValueBytes), null));

        Assert.Contains("limit", error, StringComparison.Ordinal);
        Assert.Null(Registry.Get(name));
        Assert.Equal(JsonValueKind.Array, (await client.InvokeResultAsync("List")).ValueKind);
    }

    [Fact]
    public async Task List_ReturnsAllSnapshotsSortedByName()
    {
        var prefix = NewName();
        Set(prefix + ".b", "2");
        Set(prefix + ".a", "1");
        await using var client = await ConnectAsync();

        var all = await client.InvokeResultAsync("List");

        var names = all.EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal([prefix + ".a", prefix + ".b"], names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SubscribeAll_ReturnsAllThenPushesExistingAndNewValues()
    {
        var existing = NewName();
        Set(existing, "1");
        await using var client = await ConnectAsync();

        var all = await client.InvokeResultAsync("SubscribeAll");
        var created = NewName();
        Set(created, "\"new\"");
        Set(existing, "2");

        Assert.Contains(all.EnumerateArray(), s => s.GetProperty("name").GetString() == existing);

        // Pushes of different values may arrive in any order.
        string? createdValue = null;
        long existingVersion = 1;
        while (createdValue is null || existingVersion < 2)
        {
            var (target, argument) = await client.NextPushAsync();
            if (target != "ValueChanged")
            {
                continue;
            }

            var pushedName = argument.GetProperty("name").GetString();
            if (pushedName == created)
            {
                createdValue = argument.GetProperty("value").GetString();
            }
            else if (pushedName == existing)
            {
                existingVersion = argument.GetProperty("version").GetInt64();
            }
        }

        Assert.Equal("new", createdValue);
        Assert.Equal(2, existingVersion);
    }

    [Fact]
    public async Task SubscribePrefix_ReturnsValuesUnderItThenPushesTheirChangesAndNewNamesOnly()
    {
        var prefix = NewName() + ".";
        Set(prefix + "a", "1");
        var outside = NewName();
        Set(outside, "1");
        await using var client = await ConnectAsync();

        var answer = await client.InvokeResultAsync("SubscribePrefix", prefix);
        Set(outside, "2");
        Set(prefix + "new", "\"new\"");
        Set(prefix + "a", "2");

        Assert.Equal([prefix + "a"], answer.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(1, answer[0].GetProperty("watchers").GetInt32());

        // Pushes of different values may arrive in any order; one of the value outside the prefix never does.
        var pushed = new Dictionary<string, long>();
        while (pushed.GetValueOrDefault(prefix + "a") < 2 || !pushed.ContainsKey(prefix + "new"))
        {
            var (target, argument) = await client.NextPushAsync();
            if (target == "ValueChanged")
            {
                pushed[argument.GetProperty("name").GetString()!] = argument.GetProperty("version").GetInt64();
            }
        }

        Assert.DoesNotContain(outside, pushed.Keys);
        Assert.False(Registry.GetWatchersByKind(outside).ContainsKey(WatcherKind.Hub));
        Assert.Equal(1, Registry.GetWatchersByKind(prefix + "new")[WatcherKind.Hub]);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("é")]
    public async Task SubscribePrefix_InvalidPrefix_ReturnsErrorNamingIt(string prefix)
    {
        await using var client = await ConnectAsync();

        var error = ErrorOf(await client.InvokeAsync("SubscribePrefix", prefix));

        Assert.Contains($"'{prefix}' is not a valid name prefix", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribeAll_ExistingValue_AnswerCountsThisConnection()
    {
        var name = NewName();
        Set(name, "1");
        await using var client = await ConnectAsync();

        var all = await client.InvokeResultAsync("SubscribeAll");

        var snapshot = all.EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
        Assert.Equal(1, snapshot.GetProperty("watchers").GetInt32());
    }

    [Fact]
    public async Task Subscribe_ManyConnections_EachGetsTheSamePushOfEverySetItWaitsFor()
    {
        // The pushes of one Set are serialized once and shared; every connection must still get the whole of it.
        var name = NewName();
        Set(name, "0");
        var clients = new List<RawHubClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = await ConnectAsync();
                clients.Add(client);
                await client.InvokeResultAsync("Subscribe", name);
            }

            for (var version = 2; version <= 4; version++)
            {
                Set(name, $$"""{"n":{{version}},"text":"v{{version}}"}""");
                foreach (var client in clients)
                {
                    var pushed = await client.NextValueAsync(name, s => s.GetProperty("version").GetInt64() == version);
                    Assert.Equal(name, pushed.GetProperty("name").GetString());
                    Assert.Equal(version, pushed.GetProperty("value").GetProperty("n").GetInt32());
                    Assert.Equal($"v{version}", pushed.GetProperty("value").GetProperty("text").GetString());
                    Assert.Equal(3, pushed.GetProperty("watchers").GetInt32());
                }
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Subscribe_SecondConnection_PushesWatchersChangedToFirst()
    {
        var name = NewName();
        Set(name, "1");
        await using var first = await ConnectAsync();
        await first.InvokeResultAsync("Subscribe", name);
        await using var second = await ConnectAsync();

        await second.InvokeResultAsync("Subscribe", name);

        while (true)
        {
            var (target, argument) = await first.NextPushAsync();
            if (target == "WatchersChanged" && argument.GetProperty("watchers").GetInt32() == 2)
            {
                Assert.Equal(name, argument.GetProperty("name").GetString());
                break;
            }
        }
    }

    [Fact]
    public async Task Unsubscribe_StopsWatching()
    {
        var name = NewName();
        Set(name, "1");
        await using var client = await ConnectAsync();
        await client.InvokeResultAsync("Subscribe", name);
        Assert.Equal(1, Registry.GetWatcherCount(name));

        await client.InvokeResultAsync("Unsubscribe", name);

        Assert.Equal(0, Registry.GetWatcherCount(name));
        Assert.DoesNotContain(App.Get<HubConnections>().All, c => c.IsSubscribed(name));
    }

    [Fact]
    public async Task Disconnect_EndsSubscriptions()
    {
        var name = NewName();
        Set(name, "1");
        var client = await ConnectAsync();
        await client.InvokeResultAsync("Subscribe", name);

        await client.DisposeAsync();

        await WaitForWatchersAsync(name, n => n == 0);
    }

    /// <summary>
    /// The newest-only proof: a client stops reading while 10,000 Sets of 8 KB values happen (80 MB, far more
    /// than the socket buffers hold), then reads again. It must see strictly increasing versions ending with
    /// the final one, having skipped most of them, while the server kept at most one send in flight for it.
    /// </summary>
    [Fact]
    public async Task Subscribe_ReaderStallsDuringTenThousandSets_SeesIncreasingVersionsEndingWithFinalAndServerBufferStaysBounded()
    {
        const int Sets = 10_000;
        var name = NewName();
        Set(name, "0");
        using var metrics = new MetricsRecorder(App.Get<IMeterFactory>());
        await using var client = await ConnectAsync();
        await client.InvokeResultAsync("Subscribe", name);
        var connection = App.Get<HubConnections>().All.Single(c => c.IsSubscribed(name));
        var payload = JsonSerializer.SerializeToElement(new { pad = new string('x', 8 * 1024) });

        // The client reads nothing while these happen. Yielding after each Set lets the server's sender run, so it
        // can fill the socket buffers and wait on them (backpressure) rather than only fall behind the Sets.
        // Which of the two happens depends on scheduling; the assertions below hold either way.
        for (var i = 0; i < Sets; i++)
        {
            Assert.True(Registry.Set(name, payload, SetSource.Http, null).Succeeded);
            await Task.Yield();
        }

        var finalVersion = Sets + 1;
        var sentWhileStalled = connection.SentCount;
        Assert.True(sentWhileStalled < Sets, $"the server sent {sentWhileStalled} messages to a client that read none");

        var versions = new List<long>();
        while (versions.Count == 0 || versions[^1] < finalVersion)
        {
            var snapshot = await client.NextValueAsync(name);
            versions.Add(snapshot.GetProperty("version").GetInt64());
        }

        output.WriteLine($"sent while stalled: {sentWhileStalled}, received: {versions.Count} of {Sets}, sent in all: {connection.SentCount}, most sends in flight: {connection.MaxPendingSends}");
        Assert.Equal(finalVersion, versions[^1]);
        for (var i = 1; i < versions.Count; i++)
        {
            Assert.True(versions[i] > versions[i - 1], $"version {versions[i]} came after {versions[i - 1]}");
        }

        Assert.True(versions.Count < Sets, $"the client received {versions.Count} of {Sets} versions; a slow reader must skip");

        // The skipped versions are counted, as a number an operator can watch: every version after the first that
        // the client did not get.
        Assert.Equal(finalVersion - 1 - versions.Count, metrics.Sum("eventdashboard.versions_skipped"));
        Assert.Equal("hub", metrics.Of("eventdashboard.versions_skipped")[0].Tags["transport"]);
        Assert.Equal(1, connection.MaxPendingSends);
        Assert.Equal(0, connection.PendingSends);
        Assert.True(connection.SentCount < Sets, $"the server sent {connection.SentCount} messages for {Sets} Sets");
    }

    [Fact]
    public async Task Set_Answered_IsVisibleToEveryRead()
    {
        var name = NewName();
        await using var client = await ConnectAsync();

        var version = (await client.InvokeResultAsync("Set", name, "\"durable\"", null)).GetInt64();

        // The answer comes once the Set is committed: every read sees it at once, the store's history included.
        Assert.Equal(version, Registry.Get(name)!.Version);
        Assert.Equal(version, Registry.GetHistory(name, 1)!.Entries[0].Version);
    }

    [Fact]
    public async Task Delete_ExistingValue_ReturnsDeleteVersionAndRecordsHubSource()
    {
        var name = NewName();
        Set(name, "1");
        Set(name, "2");
        await using var client = await ConnectAsync();

        var version = await client.InvokeResultAsync("Delete", name, null);

        Assert.Equal(3, version.GetInt64());
        Assert.Null(Registry.Get(name));
        Assert.Equal(3, Registry.GetVersion(name));
        var entry = Registry.GetHistory(name, 1)!.Entries[0];
        Assert.True(entry.Deleted);
        Assert.Equal(("hub", "127.0.0.1"), (entry.Source, entry.Remote));
    }

    [Fact]
    public async Task Delete_MatchingExpectedVersion_Deletes()
    {
        var name = NewName();
        Set(name, "1");
        await using var client = await ConnectAsync();

        var version = await client.InvokeResultAsync("Delete", name, 1);

        Assert.Equal(2, version.GetInt64());
        Assert.Null(Registry.Get(name));
    }

    [Fact]
    public async Task Delete_Subscribed_PushesValueDeletedThenNextValueChanged()
    {
        var name = NewName();
        Set(name, "1");
        await using var client = await ConnectAsync();
        await client.InvokeResultAsync("Subscribe", name);

        var deletion = Registry.Delete(name, SetSource.Http, null).Deletion!;
        var deleted = await NextPushOfAsync(client, "ValueDeleted", name);
        Set(name, "\"back\"");
        var changed = await NextPushOfAsync(client, "ValueChanged", name);

        Assert.Equal(2, deleted.GetProperty("version").GetInt64());
        Assert.Equal(Registry.StoreId, deleted.GetProperty("storeId").GetString());
        Assert.Equal(deletion.DeletedAt, deleted.GetProperty("deletedAt").GetDateTimeOffset());
        Assert.False(deleted.TryGetProperty("value", out _));
        Assert.Equal(3, changed.GetProperty("version").GetInt64());
        Assert.Equal("back", changed.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Subscribe_DeletedValue_ReturnsNullThenPushesNextSet()
    {
        var name = NewName();
        Set(name, "1");
        Assert.Equal(SetOutcomeKind.Deleted, Registry.Delete(name, SetSource.Http, null).Kind);
        await using var client = await ConnectAsync();

        var snapshot = await client.InvokeResultAsync("Subscribe", name);
        Set(name, "\"back\"");

        // The delete happened before the subscription, so the first push is the Set after it.
        Assert.Equal(JsonValueKind.Null, snapshot.ValueKind);
        var (target, pushed) = await NextPushOfAsync(client, name);
        Assert.Equal("ValueChanged", target);
        Assert.Equal(3, pushed.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Delete_NeverSet_ReturnsErrorAndCreatesNothing()
    {
        var name = NewName();
        await using var client = await ConnectAsync();

        var error = ErrorOf(await client.InvokeAsync("Delete", name, null));

        Assert.Contains("never been set", error, StringComparison.Ordinal);
        Assert.Equal(0, Registry.GetVersion(name));
    }

    [Fact]
    public async Task Delete_AlreadyDeleted_ReturnsErrorAndChangesNothing()
    {
        var name = NewName();
        Set(name, "1");
        await using var client = await ConnectAsync();
        await client.InvokeResultAsync("Delete", name, null);

        var error = ErrorOf(await client.InvokeAsync("Delete", name, null));

        Assert.Contains("deleted at version 2", error, StringComparison.Ordinal);
        Assert.Equal(2, Registry.GetVersion(name));
    }

    [Fact]
    public async Task Delete_StaleExpectedVersion_ReturnsErrorAndKeepsValue()
    {
        var name = NewName();
        Set(name, "1");
        Set(name, "2");
        await using var client = await ConnectAsync();

        var error = ErrorOf(await client.InvokeAsync("Delete", name, 1));

        Assert.Contains("at version 2", error, StringComparison.Ordinal);
        Assert.Equal(2, Registry.Get(name)!.Value.GetInt32());
    }

    [Fact]
    public async Task Delete_InvalidName_ReturnsError()
    {
        await using var client = await ConnectAsync();

        Assert.Contains("not a valid value name", ErrorOf(await client.InvokeAsync("Delete", "a/b", null)), StringComparison.Ordinal);
    }

    // Reads pushes until one of the given method for the given value; watcher count changes are skipped.
    private static async Task<JsonElement> NextPushOfAsync(RawHubClient client, string target, string name)
    {
        while (true)
        {
            var (pushedTarget, argument) = await NextPushOfAsync(client, name);
            if (pushedTarget == target)
            {
                return argument;
            }
        }
    }

    // Reads pushes until a ValueChanged or ValueDeleted of the given value.
    private static async Task<(string Target, JsonElement Argument)> NextPushOfAsync(RawHubClient client, string name)
    {
        while (true)
        {
            var (target, argument) = await client.NextPushAsync();
            if (target is "ValueChanged" or "ValueDeleted" && argument.GetProperty("name").GetString() == name)
            {
                return (target, argument);
            }
        }
    }

    public sealed class Factory : EventDashboardFactory
    {
        public const int MaxValueBytes = 64 * 1024;

        public Factory()
            : base(new Dictionary<string, string?>
            {
                ["EventDashboard:MaxValueBytes"] = MaxValueBytes.ToString(CultureInfo.InvariantCulture),

                // The slow-reader test stalls a connection on purpose; on a busy CI machine the stall may outlast
                // the 10 s default after which the server would close it. The policy itself is not under test here.
                ["EventDashboard:SendTimeout"] = "00:02:00",
            })
        {
            StartKestrel();
        }
    }
}
