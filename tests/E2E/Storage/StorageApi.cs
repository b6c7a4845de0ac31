using System.Net;
using System.Text;
using System.Text.Json;

namespace EventDashboard.Tests.E2E.Storage;

/// <summary>
/// The HTTP API as the storage tests use it: every call returns the status, the JSON body and the store id
/// header, so a test can assert on failures as well as on successes.
/// </summary>
public sealed class StorageApi : IDisposable
{
    /// <summary>How long any one request may take before the test fails: generous, for a loaded machine.</summary>
    public static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;

    /// <summary>Initializes a new instance of the <see cref="StorageApi"/> class.</summary>
    /// <param name="baseAddress">The app's address.</param>
    public StorageApi(Uri baseAddress)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = SafetyTimeout };
    }

    /// <summary>Gets the HTTP client, for requests the helpers do not cover.</summary>
    public HttpClient Http => _http;

    /// <summary>Sets a value.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="json">The JSON document.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task whose result is the answer: 200 or 201 with the snapshot when the Set is durable.</returns>
    public async Task<ApiResponse> PutAsync(string name, string json, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PutAsync(new Uri($"api/values/{name}", UriKind.Relative), content, cancellationToken);
        return await ApiResponse.ReadAsync(response, cancellationToken);
    }

    /// <summary>Sets a value and requires the Set to succeed.</summary>
    /// <param name="name">The value's name.</param>
    /// <param name="json">The JSON document.</param>
    /// <returns>A task whose result is the new version.</returns>
    public async Task<long> SetAsync(string name, string json)
    {
        var response = await PutAsync(name, json);
        Assert.True(response.IsSuccess, $"PUT {name} answered {response}");
        return response.Body.GetProperty("version").GetInt64();
    }

    /// <summary>Deletes a value.</summary>
    /// <param name="name">The value's name.</param>
    /// <returns>A task whose result is the answer.</returns>
    public Task<ApiResponse> DeleteAsync(string name) => SendAsync(HttpMethod.Delete, $"api/values/{name}");

    /// <summary>Gets a resource of the app, such as <c>api/values/a</c> or <c>readyz</c>.</summary>
    /// <param name="path">The path relative to the app's address, with its query.</param>
    /// <returns>A task whose result is the answer.</returns>
    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    /// <summary>Gets every value, keyed by name, and requires the request to succeed.</summary>
    /// <returns>A task whose result is the answer and the snapshots.</returns>
    public async Task<(ApiResponse Response, Dictionary<string, JsonElement> Values)> ListAsync()
    {
        var response = await GetAsync("api/values");
        Assert.True(response.Status == HttpStatusCode.OK, $"GET api/values answered {response}");
        return (response, response.Body.EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!));
    }

    /// <summary>Gets the export (JSON lines), and requires it to succeed.</summary>
    /// <returns>A task whose result is the lines: a header, then one record per retained Set in log order.</returns>
    public async Task<IReadOnlyList<JsonElement>> ExportAsync()
    {
        var text = await _http.GetStringAsync(new Uri("api/export", UriKind.Relative));
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private async Task<ApiResponse> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        using var response = await _http.SendAsync(request);
        return await ApiResponse.ReadAsync(response, CancellationToken.None);
    }
}
