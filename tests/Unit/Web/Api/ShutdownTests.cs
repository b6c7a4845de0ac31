using System.Net;
using System.Net.Http.Json;
using EventDashboard.Protocol;
using Microsoft.Extensions.Hosting;

namespace EventDashboard.Tests.Unit.Web.Api;

/// <summary>
/// On shutdown (ApplicationStopping) every blocking query answers at once with the current state and every event
/// stream completes cleanly, so the host does not wait its shutdown timeout for them. Each test stops its own app,
/// on a real loopback socket.
/// </summary>
public sealed class ShutdownTests() : WebAppTests(new EventDashboardFactory().StartKestrel()), IDisposable
{
    public void Dispose()
    {
        App.Dispose();
    }

    [Fact]
    public async Task StopApplication_OpenBlockingQueriesAndStream_AnswerCurrentStateAndEndStream()
    {
        using var client = new HttpClient { BaseAddress = App.KestrelAddress };
        var name = NewName();
        var neverSet = NewName();
        Set(name, "\"current\"");
        var query = client.GetAsync($"/api/values/{name}?index=1&wait=10m");
        var missing = client.GetAsync($"/api/values/{neverSet}?index=0&wait=10m");
        using var stream = await client.GetAsync($"/api/values/{name}/events", HttpCompletionOption.ResponseHeadersRead).WaitAsync(SafetyNet);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync().WaitAsync(SafetyNet) is { Length: > 0 })
        {
            // The current version's event, up to the blank line that ends it.
        }

        // Parked: the blocking query and the stream watch the value, the other query the never-set name.
        await WaitForWatchersAsync(name, n => n >= 2);
        await WaitForWatchersAsync(neverSet, n => n >= 1);
        Assert.False(query.IsCompleted);
        App.Get<IHostApplicationLifetime>().StopApplication();

        using var answered = await query.WaitAsync(SafetyNet);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("1", answered.Headers.GetValues("X-Index").Single());
        var snapshot = await answered.Content.ReadFromJsonAsync<ValueSnapshot>();
        Assert.Equal("current", snapshot!.Value.GetString());

        using var notFound = await missing.WaitAsync(SafetyNet);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("0", notFound.Headers.GetValues("X-Index").Single());

        // The end of the stream, and a clean one: reading an aborted response would throw.
        Assert.Equal(string.Empty, await reader.ReadToEndAsync().WaitAsync(SafetyNet));
        await WaitForWatchersAsync(name, n => n == 0);
        await WaitForWatchersAsync(neverSet, n => n == 0);
    }
}
