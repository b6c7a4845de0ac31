using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventDashboard.Protocol;

namespace EventDashboard.Tests.Unit.Web.Api;

/// <summary><c>DELETE /api/values/{name}</c>, and what the other routes answer about a deleted value.</summary>
public sealed class DeleteEndpointTests(EventDashboardFactory factory) : WebAppTests(factory), IClassFixture<EventDashboardFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private Task<HttpResponseMessage> DeleteAsync(string name, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/values/{name}");
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return _client.SendAsync(request);
    }

    private Task<HttpResponseMessage> PutAsync(string name, string json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/values/{name}") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return _client.SendAsync(request);
    }

    private static string IndexOf(HttpResponseMessage response) => response.Headers.GetValues("X-Index").Single();

    // Deletes through the API and checks that it worked, for tests about what follows a delete.
    private async Task<long> DeletedAsync(string name)
    {
        var response = await DeleteAsync(name);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ValueDeletion>())!.Version;
    }

    [Fact]
    public async Task Delete_ExistingValue_Returns200WithDeletionAndVersionHeaders()
    {
        var name = NewName();
        Set(name, "1");
        Set(name, "2");

        var response = await DeleteAsync(name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"3\"", response.Headers.ETag?.Tag);
        Assert.Equal("3", IndexOf(response));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(name, body.GetProperty("name").GetString());
        Assert.Equal(3, body.GetProperty("version").GetInt64());
        Assert.Equal(Registry.StoreId, body.GetProperty("storeId").GetString());
        var newest = (await Registry.GetHistoryAsync(name, 1))!.Entries[0];
        Assert.Equal(newest.SetAt, body.GetProperty("deletedAt").GetDateTimeOffset());
        Assert.True(newest.Deleted);
        Assert.Equal("http", newest.Source);
    }

    [Fact]
    public async Task Delete_ExistingValue_GetReturns404WithDeleteVersionAsIndex()
    {
        var name = NewName();
        Set(name, "1");
        var version = await DeletedAsync(name);

        var response = await _client.GetAsync($"/api/values/{name}");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(version.ToString(CultureInfo.InvariantCulture), IndexOf(response));
        Assert.Contains($"deleted at version {version}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(response.Headers.ETag);
    }

    [Fact]
    public async Task Delete_ExistingValue_ListOmitsIt()
    {
        var name = NewName();
        var kept = NewName();
        Set(name, "1");
        Set(kept, "1");

        await DeletedAsync(name);

        var names = (await _client.GetFromJsonAsync<List<ValueSnapshot>>("/api/values"))!.Select(s => s.Name).ToList();
        Assert.DoesNotContain(name, names);
        Assert.Contains(kept, names);
    }

    [Fact]
    public async Task Delete_NeverSet_Returns404WithIndexZeroAndCreatesNothing()
    {
        var name = NewName();

        var response = await DeleteAsync(name);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("0", IndexOf(response));
        Assert.Contains("never been set", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await Registry.GetHistoryAsync(name, 10));
    }

    [Fact]
    public async Task Delete_AlreadyDeleted_Returns404WithDeleteIndexAndChangesNothing()
    {
        var name = NewName();
        Set(name, "1");
        await DeletedAsync(name);

        var response = await DeleteAsync(name);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("2", IndexOf(response));
        Assert.Contains("deleted at version 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await Registry.GetHistoryAsync(name, 10))!.Entries.Count);
    }

    [Theory]
    [InlineData("\"2\"")]
    [InlineData("2")]
    [InlineData("*")]
    public async Task Delete_IfMatchCurrentOrAny_Deletes(string ifMatch)
    {
        var name = NewName();
        Set(name, "1");
        Set(name, "2");

        var response = await DeleteAsync(name, ifMatch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3", IndexOf(response));
        Assert.Null(Registry.Get(name));
    }

    [Fact]
    public async Task Delete_IfMatchStaleVersion_Returns412WithCurrentAndKeepsValue()
    {
        var name = NewName();
        Set(name, "\"first\"");
        Set(name, "\"second\"");

        var response = await DeleteAsync(name, "\"1\"");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
        var current = problem.GetProperty("current");
        Assert.Equal(2, current.GetProperty("version").GetInt64());
        Assert.Equal("second", current.GetProperty("value").GetString());
        Assert.Equal("2", IndexOf(response));
        Assert.Equal("second", Registry.Get(name)!.Value.GetString());
    }

    [Fact]
    public async Task Delete_IfMatchZeroOnExisting_Returns412AndKeepsValue()
    {
        var name = NewName();
        Set(name, "1");

        var response = await DeleteAsync(name, "\"0\"");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(1, Registry.Get(name)!.Version);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("\"0\"")]
    [InlineData("\"2\"")]
    public async Task Delete_IfMatchOnDeleted_Returns404AndChangesNothing(string ifMatch)
    {
        var name = NewName();
        Set(name, "1");
        await DeletedAsync(name);

        var response = await DeleteAsync(name, ifMatch);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(2, Registry.GetVersion(name));
    }

    [Theory]
    [InlineData("bad!name")]
    [InlineData("a%20b")]
    public async Task Delete_InvalidName_Returns400(string name)
    {
        var response = await DeleteAsync(name);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Invalid value name", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Delete_NameTooLong_Returns400()
    {
        await ProblemAssert.IsProblemAsync(await DeleteAsync(new string('n', ValueName.MaxLength + 1)), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("W/\"1\"")]
    [InlineData("\"1\", \"2\"")]
    public async Task Delete_IfMatchMalformed_Returns400AndKeepsValue(string ifMatch)
    {
        var name = NewName();
        Set(name, "1");

        var response = await DeleteAsync(name, ifMatch);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Invalid If-Match header", problem.GetProperty("title").GetString());
        Assert.Equal(1, Registry.Get(name)!.Version);
    }

    [Fact]
    public async Task Get_BlockingAtVersionBeforeDelete_Answers404WithDeleteIndex()
    {
        var name = NewName();
        Set(name, "1");
        var request = _client.GetAsync($"/api/values/{name}?index=1&wait=5m");
        await WaitForWatchersAsync(name, n => n > 0);
        Assert.False(request.IsCompleted);

        await DeletedAsync(name);

        var response = await request.WaitAsync(SafetyNet);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("2", IndexOf(response));
    }

    [Fact]
    public async Task Get_IndexBeforeDeleteAfterItHappened_Answers404AtOnce()
    {
        var name = NewName();
        Set(name, "1");
        await DeletedAsync(name);

        var response = await _client.GetAsync($"/api/values/{name}?index=1&wait=10m").WaitAsync(SafetyNet);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("2", IndexOf(response));
    }

    [Fact]
    public async Task Get_BlockingAtDeleteVersion_AnswersWithNextSet()
    {
        var name = NewName();
        Set(name, "1");
        await DeletedAsync(name);
        var request = _client.GetAsync($"/api/values/{name}?index=2&wait=5m");
        await WaitForWatchersAsync(name, n => n > 0);
        Assert.False(request.IsCompleted);

        Set(name, "\"back\"");

        var response = await request.WaitAsync(SafetyNet);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3", IndexOf(response));
        var snapshot = await response.Content.ReadFromJsonAsync<ValueSnapshot>();
        Assert.Equal("back", snapshot!.Value.GetString());
    }

    [Fact]
    public async Task History_AfterDelete_IsReadableWithDeleteNewest()
    {
        var name = NewName();
        Set(name, "\"one\"");
        await DeletedAsync(name);

        var response = await _client.GetAsync($"/api/values/{name}/history");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entries");
        Assert.Equal(2, entries.GetArrayLength());
        Assert.Equal(2, entries[0].GetProperty("version").GetInt64());
        Assert.True(entries[0].GetProperty("deleted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, entries[0].GetProperty("value").ValueKind);
        Assert.False(entries[1].GetProperty("deleted").GetBoolean());
        Assert.Equal("one", entries[1].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Put_AfterDelete_Returns201WithVersionAfterTheDelete()
    {
        var name = NewName();
        Set(name, "1");
        await DeletedAsync(name);

        var response = await PutAsync(name, "\"again\"");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"3\"", response.Headers.ETag?.Tag);
        Assert.Equal($"/api/values/{name}", response.Headers.Location?.OriginalString);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<ValueSnapshot>())!.Version);
        Assert.Contains(name, (await _client.GetFromJsonAsync<List<ValueSnapshot>>("/api/values"))!.Select(s => s.Name));
    }

    [Fact]
    public async Task Put_IfMatchZeroAfterDelete_Creates()
    {
        var name = NewName();
        Set(name, "1");
        await DeletedAsync(name);

        var response = await PutAsync(name, "2", "\"0\"");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("3", IndexOf(response));
    }

    [Fact]
    public async Task Put_IfMatchAnyAfterDelete_Returns412WithCurrentNull()
    {
        var name = NewName();
        Set(name, "1");
        await DeletedAsync(name);

        var response = await PutAsync(name, "2", "*");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(JsonValueKind.Null, problem.GetProperty("current").ValueKind);
        Assert.Contains("deleted at version 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(Registry.Get(name));
    }
}
