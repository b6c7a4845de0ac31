using System.Text;
using System.Text.Json;

namespace EventDashboard.Tests.Unit.Web.Api;

/// <summary>Reads the events of a Server-Sent Events response, one at a time.</summary>
internal static class EventStreamReader
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    /// <summary>Opens an event stream, resuming after <paramref name="lastEventId"/> when given, and checks that it is one.</summary>
    public static async Task<StreamReader> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(SafetyNet);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new StreamReader(await response.Content.ReadAsStreamAsync());
    }

    /// <summary>Reads one event: its type ("message" when it has none), its id and the JSON of its data.</summary>
    public static async Task<(string Type, string Id, JsonElement Data)> NextAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(SafetyNet);
        string? id = null;
        var type = "message";
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0 && data.Length > 0)
            {
                Assert.NotNull(id);
                return (type, id, JsonDocument.Parse(data.ToString()).RootElement.Clone());
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }

        throw new EndOfStreamException("The event stream ended.");
    }
}
