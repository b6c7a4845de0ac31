using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using EventDashboard.Protocol;
using EventDashboard.Web.Values;

namespace EventDashboard.Tests.Unit.Web.Api;

/// <summary>Watching every value under a name prefix over HTTP: a list with the log index, blocking queries and Server-Sent Events.</summary>
public sealed class PrefixWatchTests(EventDashboardFactory factory) : WebAppTests(factory), IClassFixture<EventDashboardFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    // A prefix no other test uses: the app is shared.
    private static string NewPrefix() => NewName() + ".";

    private static long IndexOf(HttpResponseMessage response) =>
        long.Parse(response.Headers.GetValues("X-Index").Single(), CultureInfo.InvariantCulture);

    private static async Task<string[]> NamesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var snapshots = await response.Content.ReadFromJsonAsync<ValueSnapshot[]>();
        return [.. snapshots!.Select(s => s.Name)];
    }

    private Task<StreamReader> OpenEventsAsync(string prefix, string? lastEventId = null)
    {
        return EventStreamReader.OpenAsync(_client, $"/api/events?prefix={prefix}", lastEventId);
    }

    [Fact]
    public async Task List_Prefix_ListsOnlyNamesUnderItWithTheLogIndex()
    {
        var prefix = NewPrefix();
        Set(prefix + "b", "1");
        Set(prefix + "a", "1");
        Set(NewName(), "1");

        var response = await _client.GetAsync($"/api/values?prefix={prefix}");

        Assert.Equal([prefix + "a", prefix + "b"], await NamesAsync(response));
        Assert.Equal(Registry.LastIndex, IndexOf(response));
    }

    [Theory]
    [InlineData("prefix=a%20b")]
    [InlineData("prefix=%C3%A9")]
    [InlineData("index=-1")]
    [InlineData("index=1&wait=soon")]
    public async Task List_BadPrefixIndexOrWait_Returns400(string query)
    {
        await ProblemAssert.IsProblemAsync(await _client.GetAsync($"/api/values?{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_IndexBelowChangeUnderPrefix_AnswersAtOnce()
    {
        var prefix = NewPrefix();
        Set(prefix + "a", "1");
        var index = IndexOf(await _client.GetAsync($"/api/values?prefix={prefix}"));
        Set(prefix + "a", "2");

        var response = await _client.GetAsync($"/api/values?prefix={prefix}&index={index}&wait=10m");

        var snapshots = await response.Content.ReadFromJsonAsync<ValueSnapshot[]>();
        Assert.Equal(2, snapshots!.Single().Version);
        Assert.True(IndexOf(response) > index);
    }

    [Fact]
    public async Task List_IndexAtHead_AnswersWithTheNextChangeUnderPrefixNotOthers()
    {
        var prefix = NewPrefix();
        Set(prefix + "a", "1");
        var index = IndexOf(await _client.GetAsync($"/api/values?prefix={prefix}"));

        var request = _client.GetAsync($"/api/values?prefix={prefix}&index={index}&wait=5m");
        Set(NewName(), "1");
        Set(prefix + "b", "1");
        var response = await request.WaitAsync(SafetyNet);

        Assert.Equal([prefix + "a", prefix + "b"], await NamesAsync(response));
        Assert.True(IndexOf(response) >= index + 2);
    }

    [Fact]
    public async Task List_DeleteUnderPrefix_WakesTheQueryAndLeavesTheList()
    {
        var prefix = NewPrefix();
        Set(prefix + "a", "1");
        Set(prefix + "b", "1");
        var index = IndexOf(await _client.GetAsync($"/api/values?prefix={prefix}"));

        var request = _client.GetAsync($"/api/values?prefix={prefix}&index={index}&wait=5m");
        Assert.Equal(SetOutcomeKind.Deleted, (await Registry.DeleteAsync(prefix + "a", new SetOrigin(SetSource.Http))).Kind);
        var response = await request.WaitAsync(SafetyNet);

        Assert.Equal([prefix + "b"], await NamesAsync(response));
    }

    [Fact]
    public async Task List_WaitPassesWithoutChange_AnswersWithTheCurrentList()
    {
        var prefix = NewPrefix();
        Set(prefix + "a", "1");

        var response = await _client.GetAsync($"/api/values?prefix={prefix}&index={Registry.LastIndex}&wait=1s");

        Assert.Equal([prefix + "a"], await NamesAsync(response));
    }

    [Fact]
    public async Task List_IndexAboveTheLog_AnswersAtOnceWithALowerIndex()
    {
        // A reader's index from a store since wiped: the lower X-Index tells it to start over.
        var response = await _client.GetAsync($"/api/values?prefix={NewPrefix()}&index={Registry.LastIndex + 1000}&wait=10m");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(IndexOf(response) < Registry.LastIndex + 1000);
    }

    [Fact]
    public async Task Events_Prefix_SendsValuesUnderItThenEachChangeWithTheLogIndexAsId()
    {
        var prefix = NewPrefix();
        Set(prefix + "a", "1");
        Set(NewName(), "1");
        Set(prefix + "b", "\"b\"");
        using var reader = await OpenEventsAsync(prefix);

        var first = await EventStreamReader.NextAsync(reader);
        var second = await EventStreamReader.NextAsync(reader);
        Set(prefix + "a", "2");
        var third = await EventStreamReader.NextAsync(reader);
        Assert.Equal(SetOutcomeKind.Deleted, (await Registry.DeleteAsync(prefix + "b", new SetOrigin(SetSource.Http))).Kind);
        var fourth = await EventStreamReader.NextAsync(reader);

        Assert.Equal((prefix + "a", 1L), (first.Data.GetProperty("name").GetString(), first.Data.GetProperty("version").GetInt64()));
        Assert.Equal("b", second.Data.GetProperty("value").GetString());
        Assert.Equal(("message", 2L), (third.Type, third.Data.GetProperty("version").GetInt64()));
        Assert.Equal($"{Registry.StoreId}:{Registry.LastIndex - 1}", third.Id);
        Assert.Equal(("deleted", $"{Registry.StoreId}:{Registry.LastIndex}"), (fourth.Type, fourth.Id));
        Assert.Equal(prefix + "b", fourth.Data.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Events_LastEventId_ResumesWithChangesAfterIt()
    {
        var prefix = NewPrefix();
        Set(prefix + "a", "1");
        Set(prefix + "b", "1");
        string resumeAfter;
        using (var reader = await OpenEventsAsync(prefix))
        {
            resumeAfter = (await EventStreamReader.NextAsync(reader)).Id;
        }

        Set(prefix + "a", "2");
        using var resumed = await OpenEventsAsync(prefix, resumeAfter);

        var first = await EventStreamReader.NextAsync(resumed);
        var second = await EventStreamReader.NextAsync(resumed);
        Assert.Equal((prefix + "b", 1L), (first.Data.GetProperty("name").GetString(), first.Data.GetProperty("version").GetInt64()));
        Assert.Equal((prefix + "a", 2L), (second.Data.GetProperty("name").GetString(), second.Data.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task Events_LastEventIdOfAnotherStore_StartsOver()
    {
        var prefix = NewPrefix();
        Set(prefix + "a", "1");

        using var reader = await OpenEventsAsync(prefix, lastEventId: "0123456789abcdef:999999");

        Assert.Equal(prefix + "a", (await EventStreamReader.NextAsync(reader)).Data.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("/api/events?prefix=a%20b")]
    [InlineData("/api/events?prefix=" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Events_BadPrefix_Returns400(string path)
    {
        await ProblemAssert.IsProblemAsync(await _client.GetAsync(path), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Events_Head_Returns405()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/api/events");
        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
