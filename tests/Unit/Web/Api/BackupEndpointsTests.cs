using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventDashboard.Core;
using EventDashboard.Protocol;
using EventDashboard.Web.Storage;
using EventDashboard.Web.Values;

namespace EventDashboard.Tests.Unit.Web.Api;

/// <summary>
/// <c>GET /api/export</c> and <c>POST /api/import</c>. The error cases share one empty server (none of them may
/// import anything); every test that imports for real starts servers of its own.
/// </summary>
public sealed class BackupEndpointsTests(EventDashboardFactory emptyServer) : IClassFixture<EventDashboardFactory>
{
    private const string Ndjson = "application/x-ndjson";
    private const int HistoryLimit = 3;
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    private readonly HttpClient _empty = emptyServer.CreateClient();

    private static string Header(string format = "eventdashboard-export", int formatVersion = 1) =>
        $$"""{"format":"{{format}}","formatVersion":{{formatVersion}},"storeId":"0123456789abcdef","exportedAt":"2026-01-01T00:00:00+00:00"}""";

    private static string Record(long index, string name, long version, string value = "1", bool deleted = false) =>
        $$"""{"index":{{index}},"name":"{{name}}","version":{{version}},"value":{{value}},"setAt":"2026-01-01T00:00:{{index % 60:00}}+00:00","source":"http","remote":"10.0.0.1","who":null,"deleted":{{(deleted ? "true" : "false")}}}""";

    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, string body, string contentType = Ndjson) =>
        client.PostAsync("/api/import", new StringContent(body, Encoding.UTF8, contentType));

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string name, string json) =>
        client.PutAsync($"/api/values/{name}", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<string[]> ExportLinesAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Ndjson, response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static JsonElement Parse(string line) => JsonDocument.Parse(line).RootElement.Clone();

    // Nothing was imported: no value, no history, and an export holds its header only.
    private static async Task AssertEmptyAsync(HttpClient client, ValueRegistry registry, params string[] names)
    {
        Assert.Equal(0, registry.Count);
        Assert.Empty((await client.GetFromJsonAsync<List<ValueSnapshot>>("/api/values"))!);
        Assert.Single(await ExportLinesAsync(client));
        foreach (var name in names)
        {
            Assert.Null(await registry.GetHistoryAsync(name, 10));
        }
    }

    private static async Task WaitForWatchersAsync(ValueRegistry registry, string name)
    {
        using var timeout = new CancellationTokenSource(SafetyNet);
        using var counts = registry.WatchWatcherCount(name);
        await counts.GetAsync(GetOptions<WatchersChange>.Where(c => c.Watchers > 0), timeout.Token);
    }

    [Theory]
    [InlineData(StorageProvider.Memory)]
    [InlineData(StorageProvider.Sqlite)]
    public async Task ExportThenImport_FreshServer_RoundTripsEverything(StorageProvider provider)
    {
        await using var source = StorageFactory.Create(provider, HistoryLimit);
        await using var target = StorageFactory.Create(provider, HistoryLimit);
        using var from = source.CreateClient();
        using var to = target.CreateClient();
        var sourceRegistry = source.Get<ValueRegistry>();
        var targetRegistry = target.Get<ValueRegistry>();
        for (var n = 1; n <= 5; n++)
        {
            Assert.True((await PutAsync(from, "kept", $$"""{"n":{{n}}}""")).IsSuccessStatusCode);
        }

        Assert.True((await PutAsync(from, "gone", "\"bye\"")).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await from.DeleteAsync("/api/values/gone")).StatusCode);
        Assert.True((await sourceRegistry.SetAsync("who", "[1,2]"u8, new SetOrigin(SetSource.Hub, "10.1.2.3", "alice"))).Succeeded);

        var exported = await ExportLinesAsync(from);
        var header = Parse(exported[0]);
        Assert.Equal("eventdashboard-export", header.GetProperty("format").GetString());
        Assert.Equal(1, header.GetProperty("formatVersion").GetInt32());
        Assert.Equal(sourceRegistry.StoreId, header.GetProperty("storeId").GetString());
        Assert.Equal(JsonValueKind.String, header.GetProperty("exportedAt").ValueKind);

        // kept keeps its newest 3 Sets (indexes 3 to 5); gone's Set and delete are 6 and 7; who is 8.
        var records = exported[1..].Select(Parse).ToList();
        Assert.Equal([3L, 4L, 5L, 6L, 7L, 8L], records.Select(r => r.GetProperty("index").GetInt64()));
        Assert.All(records, r => Assert.Equal(
            ["index", "name", "version", "value", "setAt", "source", "remote", "who", "deleted", "note"],
            r.EnumerateObject().Select(p => p.Name)));
        Assert.Equal([3L, 4L, 5L], records.Where(r => r.GetProperty("name").GetString() == "kept").Select(r => r.GetProperty("version").GetInt64()));
        var delete = records[4];
        Assert.Equal(("gone", 2L, true, JsonValueKind.Null), (delete.GetProperty("name").GetString(), delete.GetProperty("version").GetInt64(), delete.GetProperty("deleted").GetBoolean(), delete.GetProperty("value").ValueKind));
        Assert.Equal(("hub", "10.1.2.3", "alice"), (records[5].GetProperty("source").GetString(), records[5].GetProperty("remote").GetString(), records[5].GetProperty("who").GetString()));

        using var import = await ImportAsync(to, string.Join('\n', exported));

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var summary = await import.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, summary.GetProperty("values").GetInt32());
        Assert.Equal(targetRegistry.StoreId, summary.GetProperty("storeId").GetString());
        Assert.NotEqual(sourceRegistry.StoreId, targetRegistry.StoreId);

        // The target now holds the same Sets, line for line, under its own store id.
        var reexported = await ExportLinesAsync(to);
        Assert.Equal(targetRegistry.StoreId, Parse(reexported[0]).GetProperty("storeId").GetString());
        Assert.Equal(exported[1..], reexported[1..]);
        foreach (var name in new[] { "kept", "gone", "who" })
        {
            Assert.Equal(await from.GetStringAsync($"/api/values/{name}/history"), await to.GetStringAsync($"/api/values/{name}/history"));
        }

        Assert.Equal(3, (await to.GetFromJsonAsync<ValueHistory>("/api/values/kept/history"))!.OldestVersion);
        var kept = (await to.GetFromJsonAsync<ValueSnapshot>("/api/values/kept"))!;
        var original = sourceRegistry.Get("kept")!;
        Assert.Equal((5L, 5, original.UpdatedAt, targetRegistry.StoreId), (kept.Version, kept.Value.GetProperty("n").GetInt32(), kept.UpdatedAt, kept.StoreId));
        using (var gone = await to.GetAsync("/api/values/gone"))
        {
            await ProblemAssert.IsProblemAsync(gone, HttpStatusCode.NotFound);
            Assert.Equal("2", gone.Headers.GetValues("X-Index").Single());
            Assert.Equal(targetRegistry.StoreId, gone.Headers.GetValues("X-Store-Id").Single());
        }

        Assert.Equal(["kept", "who"], (await to.GetFromJsonAsync<List<ValueSnapshot>>("/api/values"))!.Select(s => s.Name));

        // Sets on the target continue each value's versions and the log's indexes.
        using var update = await PutAsync(to, "kept", "6");
        using var again = await PutAsync(to, "gone", "\"back\"");
        Assert.Equal((HttpStatusCode.OK, 6L), (update.StatusCode, (await update.Content.ReadFromJsonAsync<ValueSnapshot>())!.Version));
        Assert.Equal((HttpStatusCode.Created, 3L), (again.StatusCode, (await again.Content.ReadFromJsonAsync<ValueSnapshot>())!.Version));
        var after = (await ExportLinesAsync(to))[1..].Select(Parse).ToList();
        Assert.Equal([9L, 10L], after.TakeLast(2).Select(r => r.GetProperty("index").GetInt64()));
        Assert.Equal([4L, 5L, 6L], (await to.GetFromJsonAsync<ValueHistory>("/api/values/kept/history"))!.Entries.Select(e => e.Version).Reverse());
    }

    [Theory]
    [InlineData("malformed JSON", 3)]
    [InlineData("no header", 1)]
    [InlineData("another format", 1)]
    [InlineData("a newer format version", 1)]
    [InlineData("a missing name", 2)]
    [InlineData("an index that goes back", 3)]
    [InlineData("a repeated index", 3)]
    [InlineData("a version that goes back", 3)]
    [InlineData("a repeated version", 3)]
    [InlineData("an invalid name", 2)]
    [InlineData("a delete with a value", 3)]
    public async Task Import_InvalidLine_Returns400NamingItAndImportsNothing(string problem, int line)
    {
        var body = problem switch
        {
            "malformed JSON" => Lines(Header(), Record(1, "a", 1), """{"index":2,"name":"""),
            "no header" => Lines(Record(1, "a", 1), Record(2, "b", 1)),
            "another format" => Lines(Header(format: "something-else"), Record(1, "a", 1)),
            "a newer format version" => Lines(Header(formatVersion: 2), Record(1, "a", 1)),
            "a missing name" => Lines(Header(), """{"index":1,"version":1,"value":1,"setAt":"2026-01-01T00:00:00+00:00","source":"http"}"""),
            "an index that goes back" => Lines(Header(), Record(2, "a", 1), Record(1, "b", 1)),
            "a repeated index" => Lines(Header(), Record(1, "a", 1), Record(1, "b", 1)),
            "a version that goes back" => Lines(Header(), Record(1, "a", 2), Record(2, "a", 1)),
            "a repeated version" => Lines(Header(), Record(1, "a", 1), Record(2, "a", 1)),
            "an invalid name" => Lines(Header(), Record(1, "bad name", 1)),
            "a delete with a value" => Lines(Header(), Record(1, "a", 1), Record(2, "a", 2, value: "5", deleted: true)),
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
        };

        using var response = await ImportAsync(_empty, body);

        var details = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var detail = details.GetProperty("detail").GetString();
        Assert.Contains($"Line {line}", detail, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported.", detail, StringComparison.Ordinal);
        await AssertEmptyAsync(_empty, emptyServer.Get<ValueRegistry>(), "a", "b");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public async Task Import_NoHeader_Returns400SayingItIsEmpty(string body)
    {
        using var response = await ImportAsync(_empty, body);

        var details = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("empty", details.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertEmptyAsync(_empty, emptyServer.Get<ValueRegistry>());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task Import_OtherContentType_Returns415AndImportsNothing(string contentType)
    {
        using var response = await ImportAsync(_empty, Lines(Header(), Record(1, "a", 1)), contentType);

        var details = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains(Ndjson, details.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertEmptyAsync(_empty, emptyServer.Get<ValueRegistry>(), "a");
    }

    [Theory]
    [InlineData("application/jsonl")]
    [InlineData("application/json-lines")]
    public async Task Import_OtherJsonLinesContentType_IsAccepted(string contentType)
    {
        // A header alone is a valid export of an empty store: it imports nothing, so the store stays empty.
        using var response = await ImportAsync(_empty, Lines(Header()), contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("values").GetInt32());
        await AssertEmptyAsync(_empty, emptyServer.Get<ValueRegistry>());
    }

    [Fact]
    public async Task OpenApi_Import_DescribesJsonLinesBody()
    {
        var document = await _empty.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var import = document.GetProperty("paths").GetProperty("/api/import").GetProperty("post");
        Assert.True(import.GetProperty("requestBody").GetProperty("content").TryGetProperty(Ndjson, out _));
        Assert.True(import.GetProperty("responses").TryGetProperty("415", out _));
        Assert.True(document.GetProperty("paths").GetProperty("/api/export").TryGetProperty("get", out _));
    }

    [Fact]
    public async Task Import_StoreNotEmpty_Returns409AndChangesNothing()
    {
        await using var target = StorageFactory.Create(StorageProvider.Memory);
        using var client = target.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(client, "existing", "1")).StatusCode);

        using var response = await ImportAsync(client, Lines(Header(), Record(1, "a", 1)));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(["existing"], (await client.GetFromJsonAsync<List<ValueSnapshot>>("/api/values"))!.Select(s => s.Name));
        Assert.Null(await target.Get<ValueRegistry>().GetHistoryAsync("a", 10));
    }

    [Theory]
    [InlineData(StorageProvider.Memory)]
    [InlineData(StorageProvider.Sqlite)]
    public async Task Import_BadLineNearEnd_ImportsNothingAndStoreStaysImportable(StorageProvider provider)
    {
        // More records than the SQLite store writes in one batch, so some are written before the bad line is read.
        const int Good = 1100;
        await using var target = StorageFactory.Create(provider);
        using var client = target.CreateClient();
        var registry = target.Get<ValueRegistry>();
        var good = new List<string> { Header() };
        for (var i = 0; i < Good; i++)
        {
            good.Add(Record(i + 1, $"n{i % 10}", (i / 10) + 1, i.ToString(CultureInfo.InvariantCulture)));
        }

        using var bad = await ImportAsync(client, Lines([.. good, Record(5, "late", 1)]));

        var details = await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Contains($"Line {Good + 2}", details.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertEmptyAsync(client, registry, "n0", "n9", "late");

        using var retry = await ImportAsync(client, Lines([.. good]));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(10, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("values").GetInt32());
        var n9 = (await client.GetFromJsonAsync<ValueSnapshot>("/api/values/n9"))!;
        Assert.Equal((110L, 1099), (n9.Version, n9.Value.GetInt32()));
    }

    [Fact]
    public async Task Import_ValuesWatchedOnTarget_WatchersSeeImportedValues()
    {
        await using var target = StorageFactory.Create(StorageProvider.Memory);
        using var client = target.CreateClient();
        var registry = target.Get<ValueRegistry>();
        using var events = await client.GetAsync("/api/values/streamed/events", HttpCompletionOption.ResponseHeadersRead).WaitAsync(SafetyNet);
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        using var stream = new StreamReader(await events.Content.ReadAsStreamAsync());
        await WaitForWatchersAsync(registry, "streamed");
        var blocked = client.GetAsync("/api/values/blocked?index=0&wait=5m");
        await WaitForWatchersAsync(registry, "blocked");

        using var import = await ImportAsync(client, Lines(
            Header(),
            Record(1, "streamed", 1, "\"old\""),
            Record(2, "blocked", 1, "42"),
            Record(3, "streamed", 2, "\"imported\"")));

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var (id, data) = await NextEventAsync(stream);
        Assert.Equal($"{registry.StoreId}:2", id);
        Assert.Equal("imported", data.GetProperty("value").GetString());
        using var answer = await blocked.WaitAsync(SafetyNet);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("1", answer.Headers.GetValues("X-Index").Single());
        Assert.Equal(42, (await answer.Content.ReadFromJsonAsync<ValueSnapshot>())!.Value.GetInt32());
    }

    // Reads one Server-Sent Event: its id and the JSON of its data.
    private static async Task<(string? Id, JsonElement Data)> NextEventAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(SafetyNet);
        string? id = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0 && data.Length > 0)
            {
                return (id, Parse(data.ToString()));
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }

        throw new EndOfStreamException("The event stream ended.");
    }
}
