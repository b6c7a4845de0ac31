using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EventDashboard.Web.Storage;
using EventDashboard.Web.Values;
using Xunit.Abstractions;

namespace EventDashboard.Tests.Unit.Web.Api;

/// <summary>
/// Thousands of seeded random HTTP requests, well-formed and not, against the real app on Kestrel over a real SQLite
/// file. No answer may be a 5xx, every API error is ProblemDetails, and a refused request changes nothing.
/// </summary>
public sealed class HttpFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    // A fixed seed: a failure names the request that caused it, and the same run repeats it.
    private const int Seed = 20261201;
    private const int Requests = 5000;
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    private static readonly string[] Names = ["f.a", "f.b", "f.c.d", "g-1", "g_2", "UPPER.x"];
    private static readonly string[] BadNames = ["a%20b", "%C3%A9", "..", "%2e%2e", "a%2Fb", "%00", new string('x', 129), "%F0%9F%99%82", "a:b", "a%0Ab"];
    private static readonly string[] Indexes = ["0", "1", "3", "-1", "abc", "99999999999999999999", "", "1.5", "0x10", "%20"];
    // The valid waits are short: a blocking query on a valid index waits that long.
    private static readonly string[] Waits = ["1ms", "10ms", "5x", "soon", "", "-1s", "1m30", "NaN", "1e3s"];
    private static readonly string[] Limits = ["1", "0", "-1", "abc", "99999999999", ""];
    private static readonly string[] Prefixes = ["", "f.", "g", "a%20b", "%C3%A9", "..", new string('p', 129)];
    private static readonly string[] ContentTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "application/x-ndjson", "application/merge-patch+json", "garbage/", "application/json; charset=latin1", "multipart/form-data"];
    private static readonly string[] IfMatches = ["\"1\"", "*", "W/\"1\"", "\"a\"", "\"1\", \"2\"", "\"-1\"", "\"0\"", "\"99999999999999999999\"", "1", "\"\""];
    private static readonly string[] LastEventIds = ["x:1", "1", "", "abc", "::", "x:-1", "x:99999999999999999999"];

    private readonly StorageFactory _app = StorageFactory.Create(StorageProvider.Sqlite);
    private HttpClient _client = null!;

    private ValueRegistry Registry => _app.Get<ValueRegistry>();

    public Task InitializeAsync()
    {
        _app.StartKestrel();
        _client = new HttpClient { BaseAddress = _app.KestrelAddress, Timeout = SafetyNet };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task RandomRequests_Seeded_NoServerErrorAndRefusalsChangeNothing()
    {
        var random = new Random(Seed);
        var answered = new Dictionary<int, int>();
        for (var i = 0; i < Requests; i++)
        {
            var indexBefore = Registry.LastIndex;
            var (status, isProblem, description) = random.Next(20) == 0
                ? await SendMalformedFramingAsync(random)
                : await SendAsync(random);

            answered[status] = answered.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"request {i}: {description} answered {status}");
            if (status >= 400)
            {
                Assert.True(isProblem, $"request {i}: {description} answered {status} without ProblemDetails");
                Assert.True(indexBefore == Registry.LastIndex, $"request {i}: {description} was refused with {status} but changed the store");
            }
        }

        output.WriteLine($"{Registry.LastIndex} Sets accepted; statuses: " + string.Join(", ", answered.OrderBy(a => a.Key).Select(a => $"{a.Key}×{a.Value}")));

        // The run exercised both sides: accepted writes and refusals of many kinds.
        Assert.True(Registry.LastIndex > 100, $"only {Registry.LastIndex} Sets were accepted");
        Assert.True(answered.Keys.Count(s => s >= 400) >= 6, "statuses: " + string.Join(", ", answered.Select(a => $"{a.Key}×{a.Value}")));
        using var health = await _client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    // Kestrel refuses some requests (bad framing, a NUL in the path) before the app sees them: its bare 400 has no
    // body that could carry ProblemDetails.
    private static bool IsKestrelRefusal(int status, long? bodyLength) => status == 400 && bodyLength == 0;

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Name(Random random) => random.Next(5) == 0 ? Pick(random, BadNames) : Pick(random, Names);

    private static string Path(Random random)
    {
        var name = Name(random);
        var path = random.Next(16) switch
        {
            0 or 1 => "/api/values",
            2 or 3 or 4 or 5 or 6 => $"/api/values/{name}",
            7 or 8 => $"/api/values/{name}/history",
            9 => $"/api/values/{name}/events",
            10 => "/api/events",
            11 => "/api/import",
            12 => "/api/export",
            13 => $"/api/values/{name}/{Pick(random, Names)}",
            14 => Pick(random, ["/api", "/api/", "/api/values//", "/api/keys", "/hubs/values", "/hubs/values/negotiate"]),
            _ => Pick(random, ["/healthz", "/readyz", "/openapi/v1.json", "/nope"]),
        };

        var query = new List<string>();
        foreach (var (key, values) in new[] { ("index", Indexes), ("limit", Limits), ("prefix", Prefixes) })
        {
            if (random.Next(4) == 0)
            {
                query.Add($"{key}={Pick(random, values)}");
            }
        }

        // Without a wait a blocking query would wait its default five minutes.
        if (query.Exists(q => q.StartsWith("index=", StringComparison.Ordinal)))
        {
            query.Add($"wait={Pick(random, Waits)}");
        }

        return query.Count == 0 ? path : path + "?" + string.Join("&", query);
    }

    private static byte[] Body(Random random) => random.Next(14) switch
    {
        0 => "1"u8.ToArray(),
        1 => Encoding.UTF8.GetBytes($"{{\"n\":{random.Next()},\"s\":\"text é 🙂\"}}"),
        2 => "[1,2,3]"u8.ToArray(),
        3 => "null"u8.ToArray(),
        4 => "{"u8.ToArray(),
        5 => "[1,"u8.ToArray(),
        6 => "nul"u8.ToArray(),
        7 => Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100)),
        8 => [],
        9 => [0xEF, 0xBB, 0xBF, (byte)'1'],
        10 => [0xFF, 0xFE, 0x00, 0x41],
        11 => Encoding.UTF8.GetBytes("{\"format\":\"eventdashboard-export\",\"formatVersion\":1}\n{\"index\":1,\"name\":\"f.a\"}\n"),
        12 => Encoding.UTF8.GetBytes("\"" + new string('x', (1024 * 1024) + 10) + "\""),
        _ => Encoding.UTF8.GetBytes("\"unterminated"),
    };

    private async Task<(int Status, bool IsProblem, string Description)> SendAsync(Random random)
    {
        var method = Pick(random, new[] { HttpMethod.Get, HttpMethod.Get, HttpMethod.Put, HttpMethod.Put, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Head, HttpMethod.Post, HttpMethod.Patch, HttpMethod.Options });
        var path = Path(random);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        var description = new StringBuilder($"{method} {path}");
        if (method != HttpMethod.Get && method != HttpMethod.Head && random.Next(8) != 0)
        {
            var body = Body(random);
            request.Content = new ByteArrayContent(body);
            if (random.Next(6) != 0)
            {
                var type = Pick(random, ContentTypes);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
                description.Append(CultureInfo.InvariantCulture, $" Content-Type: {type}");
            }

            description.Append(CultureInfo.InvariantCulture, $" body: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 40)))} ({body.Length} bytes)");
        }

        if (random.Next(4) == 0)
        {
            var ifMatch = Pick(random, IfMatches);
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            description.Append(CultureInfo.InvariantCulture, $" If-Match: {ifMatch}");
        }

        if (random.Next(6) == 0)
        {
            var id = Pick(random, LastEventIds);
            request.Headers.TryAddWithoutValidation("Last-Event-ID", id);
            description.Append(CultureInfo.InvariantCulture, $" Last-Event-ID: {id}");
        }

        // An event stream that opens streams until the client goes: its headers are the answer.
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(SafetyNet)
            .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : throw new TimeoutException($"{description} got no answer", t.Exception), TaskScheduler.Default);
        var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            || !path.StartsWith("/api/", StringComparison.Ordinal)
            || method == HttpMethod.Head
            || IsKestrelRefusal((int)response.StatusCode, response.Content.Headers.ContentLength);
        return ((int)response.StatusCode, isProblem, description.ToString());
    }

    // Framing HttpClient never sends: bad chunk sizes, chunks longer than they say, conflicting lengths.
    private async Task<(int Status, bool IsProblem, string Description)> SendMalformedFramingAsync(Random random)
    {
        var (headers, body) = random.Next(7) switch
        {
            0 => ("Transfer-Encoding: chunked", "zz\r\n1\r\n0\r\n\r\n"),
            1 => ("Transfer-Encoding: chunked", "FFFFFFFFFFFFFFFFFFFF\r\n1\r\n0\r\n\r\n"),
            2 => ("Transfer-Encoding: chunked", "1\r\n12345\r\n0\r\n\r\n"),
            3 => ("Transfer-Encoding: chunked\r\nContent-Length: 1", "1\r\n1\r\n0\r\n\r\n"),
            4 => ("Content-Length: abc", "1"),
            5 => ("Content-Length: -1", "1"),
            _ => ("Transfer-Encoding: gzip, chunked", "1\r\n1\r\n0\r\n\r\n"),
        };

        var path = $"/api/values/{Pick(random, Names)}";
        var request = $"PUT {path} HTTP/1.1\r\nHost: {_app.KestrelAddress.Authority}\r\nContent-Type: application/json\r\nConnection: close\r\n{headers}\r\n\r\n{body}";
        using var timeout = new CancellationTokenSource(SafetyNet);
        var response = await RawHttp.SendAsync(_app.KestrelAddress, [Encoding.ASCII.GetBytes(request)], timeout.Token);
        var isProblem = response.Headers.TryGetValue("Content-Type", out var type) && type.StartsWith("application/problem+json", StringComparison.Ordinal);

        isProblem |= IsKestrelRefusal(response.StatusCode, response.Body.Length);
        return (response.StatusCode, isProblem, $"PUT {path} {headers.ReplaceLineEndings(" ")} body: {body.ReplaceLineEndings("\\r\\n")}");
    }
}
