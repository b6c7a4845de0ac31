using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EventDashboard.Protocol;

namespace EventDashboard.Client.Internal;

/// <summary>The server's HTTP/JSON API (<c>/api/values</c>), as far as the client needs it.</summary>
internal sealed class ValuesApi
{
    // The server's headers: a value's version (on a 404 too) and the store's identity (on every response).
    private const string IndexHeader = "X-Index";
    private const string StoreIdHeader = "X-Store-Id";

    // Set while the server cannot follow its shared store (etcd): its answer may be behind.
    private const string StaleHeader = "X-Stale";

    // How long past the requested wait a blocking query may take before it counts as lost: the server adds
    // up to 1/16 of jitter, and the network its own delay.
    private static readonly TimeSpan PollGrace = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    private readonly HttpClient _http;
    private readonly ServerAddresses _addresses;

    public ValuesApi(HttpClient http, ServerAddresses addresses)
    {
        _http = http;
        _addresses = addresses;
    }

    internal static JsonSerializerOptions Json => JsonSerializerOptions.Web;

    /// <summary>Gets the current state of a value.</summary>
    /// <returns>A task whose result is the snapshot, or that the value does not exist (with the version of its delete).</returns>
    public async ValueTask<RemoteState> GetAsync(string name, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(RequestTimeout, cancellationToken);
        using var response = await _http.GetAsync(Route(name), timeout.Token).ConfigureAwait(false);
        return await ReadStateAsync(response, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>A blocking query: returns when the value's version exceeds <paramref name="index"/> or the wait passes.</summary>
    /// <returns>
    /// A task whose result is the value's state and its version, the index of the next query. A value that does not
    /// exist answers 404 with the version of its delete (0 when never set) in <c>X-Index</c>: from there the next
    /// query waits for the next Set instead of returning at once.
    /// </returns>
    /// <remarks>It asks <paramref name="server"/>, which the caller read from <see cref="ServerAddresses.Current"/>, so that it
    /// knows which node a failure (or a stale answer) is about.</remarks>
    public async ValueTask<(RemoteState State, long Index)> PollAsync(Uri server, string name, long index, TimeSpan wait, CancellationToken cancellationToken)
    {
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"{Route(server, name).AbsoluteUri}?index={index}&wait={(long)wait.TotalSeconds}s"));
        using var timeout = Timeout(wait + (wait / 16) + PollGrace, cancellationToken);
        using var response = await _http.GetAsync(uri, timeout.Token).ConfigureAwait(false);
        var state = await ReadStateAsync(response, timeout.Token).ConfigureAwait(false);
        return (state, state.Version);
    }

    /// <summary>Sets a value, as a compare-and-set when <paramref name="expectedVersion"/> is given.</summary>
    /// <returns>A task whose result is the new snapshot.</returns>
    /// <exception cref="VersionConflictException">The server answered 412: the value is at another version.</exception>
    public async ValueTask<ValueSnapshot> PutAsync(string name, JsonElement value, long? expectedVersion, CancellationToken cancellationToken)
    {
        // Serialized up front so the request carries a Content-Length: the server can refuse a value over its
        // size limit before reading it.
        using var request = new HttpRequestMessage(HttpMethod.Put, Route(name))
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, Json))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        };
        IfMatch(request, expectedVersion);
        using var timeout = Timeout(RequestTimeout, cancellationToken);
        using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        await ThrowIfConflictAsync(response, expectedVersion, timeout.Token).ConfigureAwait(false);
        return (await ReadStateAsync(response, timeout.Token).ConfigureAwait(false)).Snapshot
            ?? throw new HttpRequestException($"The server did not find '{name}' after setting it.", null, HttpStatusCode.NotFound);
    }

    /// <summary>Deletes a value, as a compare-and-delete when <paramref name="expectedVersion"/> is given.</summary>
    /// <returns>A task whose result is the delete, or <see langword="null"/> when the value did not exist.</returns>
    /// <exception cref="VersionConflictException">The server answered 412: the value is at another version.</exception>
    public async ValueTask<ValueDeletion?> DeleteAsync(string name, long? expectedVersion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, Route(name));
        IfMatch(request, expectedVersion);
        using var timeout = Timeout(RequestTimeout, cancellationToken);
        using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await ThrowIfConflictAsync(response, expectedVersion, timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await ThrowProblemAsync(response, timeout.Token).ConfigureAwait(false);
        }

        return await response.Content.ReadFromJsonAsync<ValueDeletion>(Json, timeout.Token).ConfigureAwait(false)
            ?? throw new HttpRequestException("The server answered an empty deletion.");
    }

    // On the node the client talks to now (ServerAddresses.Current): after a failover, the one it moved to.
    private Uri Route(string name) => Route(_addresses.Current, name);

    private static Uri Route(Uri server, string name) => new(server, "api/values/" + Uri.EscapeDataString(name));

    private static CancellationTokenSource Timeout(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(timeout);
        return source;
    }

    private static void IfMatch(HttpRequestMessage request, long? expectedVersion)
    {
        if (expectedVersion is { } expected)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(string.Create(CultureInfo.InvariantCulture, $"\"{expected}\"")));
        }
    }

    private static async Task ThrowIfConflictAsync(HttpResponseMessage response, long? expectedVersion, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.PreconditionFailed && expectedVersion is { } expected)
        {
            using var problem = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
            var current = problem.RootElement.ValueKind == JsonValueKind.Object
                && problem.RootElement.TryGetProperty("current", out var element) && element.ValueKind == JsonValueKind.Object
                ? element.Deserialize<ValueSnapshot>(Json)
                : null;
            throw new VersionConflictException(expected, current);
        }
    }

    // A 404 is an answer too: the value does not exist, at the version in X-Index (the delete's, or 0).
    private static async ValueTask<RemoteState> ReadStateAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return RemoteState.NotFound(ReadIndex(response), ReadStoreId(response), IsStale(response));
        }

        if (!response.IsSuccessStatusCode)
        {
            await ThrowProblemAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var snapshot = await response.Content.ReadFromJsonAsync<ValueSnapshot>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException("The server answered an empty snapshot.");
        return RemoteState.Of(IsStale(response) ? snapshot with { Stale = true } : snapshot);
    }

    // 0 when absent (an older server): the next blocking query then waits for the first Set, as it did before deletes.
    private static long ReadIndex(HttpResponseMessage response) =>
        response.Headers.TryGetValues(IndexHeader, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : 0;

    // Null when absent or empty: a server without store ids (or one whose store is not open yet).
    private static string? ReadStoreId(HttpResponseMessage response) =>
        response.Headers.TryGetValues(StoreIdHeader, out var values) && values.FirstOrDefault() is { Length: > 0 } storeId
            ? storeId
            : null;

    private static bool IsStale(HttpResponseMessage response) =>
        response.Headers.TryGetValues(StaleHeader, out var values) && values.FirstOrDefault() == "true";

    private static async Task<JsonDocument> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                return JsonDocument.Parse("{}");
            }
        }
    }

    // Errors a caller can fix (bad name, bad or too large value) become ArgumentException with the server's
    // words; anything else is an HttpRequestException.
    private static async Task ThrowProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var problem = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
        var title = problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
        var detail = problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
        var message = $"{(int)response.StatusCode} {title ?? response.ReasonPhrase}: {detail}";
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType)
        {
            throw new ArgumentException(message);
        }

        throw new HttpRequestException(message, null, response.StatusCode);
    }
}
