using System.Net;
using System.Text.Json;
using EventDashboard.Web.Values;

namespace EventDashboard.Tests.Unit.Web.Api;

public sealed class ServerSentEventsTests(EventDashboardFactory factory) : WebAppTests(factory), IClassFixture<EventDashboardFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private Task<StreamReader> OpenAsync(string name, string? lastEventId = null)
    {
        return EventStreamReader.OpenAsync(_client, $"/api/values/{name}/events", lastEventId);
    }

    private string Id(long version) => $"{Registry.StoreId}:{version}";

    // Reads one event: its id and the JSON of its data.
    private static async Task<(string Id, JsonElement Data)> NextEventAsync(StreamReader reader) =>
        await NextTypedEventAsync(reader) is var (_, id, data) ? (id, data) : default;

    // Reads one event with its type ("message" when it has none).
    private static Task<(string Type, string Id, JsonElement Data)> NextTypedEventAsync(StreamReader reader) => EventStreamReader.NextAsync(reader);

    [Fact]
    public async Task Events_Open_SendsCurrentThenEachNewerVersion()
    {
        var name = NewName();
        Set(name, "\"one\"");
        using var reader = await OpenAsync(name);

        var first = await NextEventAsync(reader);
        Set(name, "\"two\"");
        var second = await NextEventAsync(reader);

        Assert.Equal(Id(1), first.Id);
        Assert.Equal(Registry.StoreId, first.Data.GetProperty("storeId").GetString());
        Assert.Equal("one", first.Data.GetProperty("value").GetString());
        Assert.Equal(name, first.Data.GetProperty("name").GetString());
        Assert.Equal(Id(2), second.Id);
        Assert.Equal(2, second.Data.GetProperty("version").GetInt64());
        Assert.Equal("two", second.Data.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Events_LastEventId_ResumesAfterIt()
    {
        var name = NewName();
        Set(name, "1");
        Set(name, "2");
        using var reader = await OpenAsync(name, lastEventId: Id(2));

        Set(name, "3");

        var next = await NextEventAsync(reader);
        Assert.Equal(Id(3), next.Id);
    }

    [Fact]
    public async Task Events_LastEventIdOfAnotherStore_StartsAgainFromCurrent()
    {
        var name = NewName();
        Set(name, "1");
        Set(name, "2");

        // A browser that saw version 90 of a store since wiped must not wait for version 91 of this one.
        using var reader = await OpenAsync(name, lastEventId: "0123456789abcdef:90");

        var first = await NextEventAsync(reader);
        Assert.Equal(Id(2), first.Id);
    }

    [Fact]
    public async Task Events_ValueDeleted_SendsDeletedEventThenNextSet()
    {
        var name = NewName();
        Set(name, "1");
        using var reader = await OpenAsync(name);
        await NextEventAsync(reader);

        Assert.Equal(SetOutcomeKind.Deleted, (await Registry.DeleteAsync(name, new SetOrigin(SetSource.Http))).Kind);
        var deleted = await NextTypedEventAsync(reader);
        Set(name, "3");
        var again = await NextTypedEventAsync(reader);

        Assert.Equal(("deleted", Id(2)), (deleted.Type, deleted.Id));
        Assert.Equal(2, deleted.Data.GetProperty("version").GetInt64());
        Assert.Equal(name, deleted.Data.GetProperty("name").GetString());
        Assert.Equal(("message", Id(3)), (again.Type, again.Id));
    }

    [Fact]
    public async Task Events_OpenStream_CountsAsWatcherUntilClosed()
    {
        var name = NewName();
        Set(name, "1");
        var reader = await OpenAsync(name);
        var first = await NextEventAsync(reader);

        Assert.Equal(1, first.Data.GetProperty("watchers").GetInt32());
        Assert.Equal(1, Registry.GetWatcherCount(name));
        reader.Dispose();

        await WaitForWatchersAsync(name, n => n == 0);
    }

    [Fact]
    public async Task Events_BadLastEventId_Returns400()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/values/{NewName()}/events");
        request.Headers.Add("Last-Event-ID", "yesterday");

        await ProblemAssert.IsProblemAsync(await _client.SendAsync(request), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Events_InvalidName_Returns400()
    {
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/values/a%20b/events"), HttpStatusCode.BadRequest);
    }
}
