using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventDashboard.Protocol;

namespace EventDashboard.Tests.Unit.Web.Api;

public sealed class ValuesEndpointsTests(ValuesEndpointsTests.Factory factory) : WebAppTests(factory), IClassFixture<ValuesEndpointsTests.Factory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> PutAsync(string name, string json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/values/{name}") { Content = Json(json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return _client.SendAsync(request);
    }

    [Fact]
    public async Task Put_NewName_Returns201WithSnapshotAndVersionHeaders()
    {
        var name = NewName();

        var response = await PutAsync(name, """{"temp":21.5}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("1", response.Headers.GetValues("X-Index").Single());
        Assert.Equal($"/api/values/{name}", response.Headers.Location?.OriginalString);
        var snapshot = await response.Content.ReadFromJsonAsync<ValueSnapshot>();
        Assert.Equal(name, snapshot!.Name);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(21.5, snapshot.Value.GetProperty("temp").GetDouble());
    }

    [Fact]
    public async Task Put_ExistingName_Returns200WithNextVersion()
    {
        var name = NewName();
        await PutAsync(name, "1");

        var response = await PutAsync(name, "2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<ValueSnapshot>())!.Version);
    }

    [Fact]
    public async Task Put_IfMatchCurrentVersion_Updates()
    {
        var name = NewName();
        await PutAsync(name, "1");

        var response = await PutAsync(name, "2", ifMatch: "\"1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<ValueSnapshot>())!.Version);
    }

    [Fact]
    public async Task Put_IfMatchZeroForNewName_Creates()
    {
        var response = await PutAsync(NewName(), "1", ifMatch: "\"0\"");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Put_IfMatchStaleVersion_Returns412WithCurrentAndChangesNothing()
    {
        var name = NewName();
        await PutAsync(name, "\"first\"");
        await PutAsync(name, "\"second\"");

        var response = await PutAsync(name, "\"third\"", ifMatch: "\"1\"");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
        var current = problem.GetProperty("current");
        Assert.Equal(2, current.GetProperty("version").GetInt64());
        Assert.Equal("second", current.GetProperty("value").GetString());
        var now = await _client.GetFromJsonAsync<ValueSnapshot>($"/api/values/{name}");
        Assert.Equal("second", now!.Value.GetString());
    }

    [Fact]
    public async Task Put_IfMatchNotAVersion_Returns400()
    {
        var name = NewName();

        var response = await PutAsync(name, "1", ifMatch: "\"abc\"");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/values/{name}")).StatusCode);
    }

    [Fact]
    public async Task Put_IfMatchAnyOnSetValue_Updates()
    {
        var name = NewName();
        await PutAsync(name, "1");

        var response = await PutAsync(name, "2", ifMatch: "*");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<ValueSnapshot>())!.Version);
    }

    [Fact]
    public async Task Put_IfMatchAnyOnNeverSet_Returns412WithCurrentNullAndCreatesNothing()
    {
        var name = NewName();

        var response = await PutAsync(name, "1", ifMatch: "*");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(JsonValueKind.Null, problem.GetProperty("current").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/values/{name}")).StatusCode);
        Assert.DoesNotContain(Registry.List(), s => s.Name == name);
    }

    [Fact]
    public async Task Put_IfMatchBareNumber_IsReadAsThatVersion()
    {
        var name = NewName();
        await PutAsync(name, "1");

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(name, "2", ifMatch: "1")).StatusCode);
        await ProblemAssert.IsProblemAsync(await PutAsync(name, "3", ifMatch: "1"), HttpStatusCode.PreconditionFailed);
    }

    [Theory]
    [InlineData("\"1\", \"2\"")]
    [InlineData("*, \"1\"")]
    public async Task Put_IfMatchList_Returns400SayingOneVersionAndChangesNothing(string ifMatch)
    {
        var name = NewName();
        await PutAsync(name, "1");

        var response = await PutAsync(name, "2", ifMatch);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("compares against one", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, Registry.Get(name)!.Version);
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("\"1")]
    public async Task Put_IfMatchMalformed_Returns400AndChangesNothing(string ifMatch)
    {
        var name = NewName();
        await PutAsync(name, "1");

        var response = await PutAsync(name, "2", ifMatch);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(1, Registry.Get(name)!.Version);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("")]
    [InlineData("{} {}")]
    public async Task Put_MalformedJson_Returns400AndChangesNothing(string body)
    {
        var name = NewName();
        await PutAsync(name, "1");

        var response = await PutAsync(name, body);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Invalid JSON", problem.GetProperty("title").GetString());
        Assert.Equal(1, (await _client.GetFromJsonAsync<ValueSnapshot>($"/api/values/{name}"))!.Version);
    }

    [Fact]
    public async Task Put_NestedTooDeepToSendBack_Returns400AndListStillWorks()
    {
        var name = NewName();

        // 64 levels parse, but the snapshot around them would need 65 to be written: it used to be stored and then
        // make every read of it, the list included, fail with 500.
        var response = await PutAsync(name, new string('[', 64) + new string(']', 64));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/values/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/values")).StatusCode);
    }

    [Fact]
    public async Task Put_InvalidName_Returns400()
    {
        var response = await PutAsync("bad%20name", "1");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("bad name", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Put_NonJsonContentType_Returns415AndChangesNothing(string? contentType)
    {
        var name = NewName();
        var content = new ByteArrayContent("1"u8.ToArray());
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        var response = await _client.PutAsync($"/api/values/{name}", content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/values/{name}")).StatusCode);
    }

    [Fact]
    public async Task Put_JsonSuffixContentType_IsAccepted()
    {
        var content = new StringContent("1", Encoding.UTF8, "application/vnd.example+json");

        var response = await _client.PutAsync($"/api/values/{NewName()}", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Put_OverSizeLimit_Returns413AndChangesNothing()
    {
        var name = NewName();
        var tooLarge = "\"" + new string('x', Factory.MaxValueBytes) + "\"";

        var response = await PutAsync(name, tooLarge);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/values/{name}")).StatusCode);
    }

    [Fact]
    public async Task Put_OverSizeLimitWithoutContentLength_Returns413()
    {
        var name = NewName();
        var content = new StreamContent(new ChunkedOnlyStream(Encoding.UTF8.GetBytes("\"" + new string('x', Factory.MaxValueBytes) + "\"")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await _client.PutAsync($"/api/values/{name}", content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Put_AtSizeLimit_IsAccepted()
    {
        var atLimit = "\"" + new string('x', Factory.MaxValueBytes - 2) + "\"";

        var response = await PutAsync(NewName(), atLimit);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Get_SetValue_Returns200WithVersionHeaders()
    {
        var name = NewName();
        await PutAsync(name, """[1,2,3]""");
        await PutAsync(name, """[4]""");

        var response = await _client.GetAsync($"/api/values/{name}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal("2", response.Headers.GetValues("X-Index").Single());
        var snapshot = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["name", "version", "value", "updatedAt", "watchers", "storeId"], snapshot.EnumerateObject().Select(p => p.Name));
        Assert.Equal(4, snapshot.GetProperty("value")[0].GetInt32());
    }

    [Fact]
    public async Task Get_NeverSet_Returns404()
    {
        await ProblemAssert.IsProblemAsync(await _client.GetAsync($"/api/values/{NewName()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_InvalidName_Returns400()
    {
        var tooLong = new string('a', 129);

        await ProblemAssert.IsProblemAsync(await _client.GetAsync($"/api/values/{tooLong}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_ReturnsSnapshotsSortedByName()
    {
        var prefix = NewName();
        await PutAsync(prefix + ".b", "2");
        await PutAsync(prefix + ".a", "1");

        var all = await _client.GetFromJsonAsync<List<ValueSnapshot>>("/api/values");

        var names = all!.Select(s => s.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal([prefix + ".a", prefix + ".b"], names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Equal(2, all!.Single(s => s.Name == prefix + ".b").Value.GetInt32());
    }

    [Fact]
    public async Task History_ReturnsEntriesNewestFirstWithSourceAndRemote()
    {
        var name = NewName();
        await PutAsync(name, "1");
        await PutAsync(name, "2");
        await PutAsync(name, "3");

        var history = await _client.GetFromJsonAsync<JsonElement>($"/api/values/{name}/history?limit=2");

        Assert.Equal(name, history.GetProperty("name").GetString());
        Assert.Equal(1, history.GetProperty("oldestVersion").GetInt64());
        var entries = history.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal([3L, 2L], entries.Select(e => e.GetProperty("version").GetInt64()));
        Assert.Equal(3, entries[0].GetProperty("value").GetInt32());
        Assert.Equal("http", entries[0].GetProperty("source").GetString());
        Assert.True(entries[0].TryGetProperty("setAt", out _));
        Assert.True(entries[0].TryGetProperty("remote", out _));
    }

    [Fact]
    public async Task History_BeyondHistoryLimit_ReportsOldestRetainedVersion()
    {
        var name = NewName();
        for (var i = 0; i < Factory.HistoryLimit + 2; i++)
        {
            await PutAsync(name, "0");
        }

        var history = await _client.GetFromJsonAsync<ValueHistory>($"/api/values/{name}/history");

        Assert.Equal(3, history!.OldestVersion);
        Assert.Equal(Factory.HistoryLimit, history.Entries.Count);
    }

    [Theory]
    [InlineData("99999999999")]
    [InlineData("2147483648")]
    public async Task History_LimitBeyondInt_ReturnsAllRetained(string limit)
    {
        var name = NewName();
        await PutAsync(name, "1");
        await PutAsync(name, "2");

        var history = await _client.GetFromJsonAsync<ValueHistory>($"/api/values/{name}/history?limit={limit}");

        Assert.Equal(2, history!.Entries.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("x")]
    [InlineData("")]
    [InlineData("1.0")]
    public async Task History_InvalidLimit_Returns400(string limit)
    {
        var name = NewName();
        await PutAsync(name, "1");

        await ProblemAssert.IsProblemAsync(await _client.GetAsync($"/api/values/{name}/history?limit={limit}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task History_NeverSet_Returns404()
    {
        await ProblemAssert.IsProblemAsync(await _client.GetAsync($"/api/values/{NewName()}/history"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WrongMethod_Returns405Problem()
    {
        await ProblemAssert.IsProblemAsync(await _client.PatchAsync($"/api/values/{NewName()}", null), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Healthz_ReturnsHealthy()
    {
        var response = await _client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_Document_DescribesEveryRoute()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/values", out _));
        var value = paths.GetProperty("/api/values/{name}");
        Assert.True(value.TryGetProperty("get", out _));
        Assert.True(value.GetProperty("put").GetProperty("responses").TryGetProperty("412", out _));
        Assert.True(value.GetProperty("put").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(paths.TryGetProperty("/api/values/{name}/history", out _));
        Assert.True(paths.TryGetProperty("/api/values/{name}/events", out _));
    }

    [Fact]
    public async Task OpenApi_Document_ListsGetRoutesOnceWithoutHead()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        foreach (var path in new[] { "/api/values", "/api/values/{name}", "/api/values/{name}/history" })
        {
            var operations = document.GetProperty("paths").GetProperty(path);
            Assert.True(operations.TryGetProperty("get", out _), path);
            Assert.False(operations.TryGetProperty("head", out _), path);
        }
    }

    public sealed class Factory : EventDashboardFactory
    {
        public const int MaxValueBytes = 4096;
        public const int HistoryLimit = 5;

        public Factory()
            : base(new Dictionary<string, string?>
            {
                ["EventDashboard:MaxValueBytes"] = MaxValueBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["EventDashboard:HistoryLimit"] = HistoryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
        {
        }
    }
}
