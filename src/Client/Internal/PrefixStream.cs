using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EventDashboard.Protocol;

namespace EventDashboard.Client.Internal;

/// <summary>
/// A prefix watch over the server's <c>GET /api/events?prefix=</c> stream: the server sends the values under the
/// prefix first, then each change, newest-only per value and in log order, and resumes after the last event id
/// when the stream is opened again. So a lost link costs nothing but the time to reconnect: versions a slow or
/// disconnected reader missed are skipped, never replayed, and one value never goes back to an older version.
/// </summary>
internal static class PrefixStream
{
    private const string DeletedType = "deleted";

    public static async IAsyncEnumerable<ValueChange> ReadAsync(
        HttpClient http, ServerAddresses addresses, string prefix, TimeSpan maxReconnectDelay, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? lastEventId = null;
        var attempt = 0;
        while (true)
        {
            var server = addresses.Current;
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, "api/events?prefix=" + Uri.EscapeDataString(prefix)));
            if (lastEventId is not null)
            {
                request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
            }

            HttpResponseMessage? response = null;
            StreamReader? reader = null;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    // Not a lost link: retrying would get the same answer.
                    throw new HttpRequestException(
                        $"The server refused the watch of '{prefix}': {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}", null, response.StatusCode);
                }

                response.EnsureSuccessStatusCode();
                reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
                attempt = 0;
            }
            catch (Exception ex) when (IsLostLink(ex, cancellationToken))
            {
                response?.Dispose();

                // Another node may answer: the same store, so Last-Event-ID resumes there (the log index is shared).
                addresses.MoveFrom(server);
                await Task.Delay(ReconnectBackoff.Delay(attempt++, maxReconnectDelay, Random.Shared.NextDouble()), cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            using (reader)
            {
                // The fields of an event come in any order (the server writes data before id); a blank line ends it.
                string? id = null, type = null, data = null;
                while (true)
                {
                    string? line;
                    try
                    {
                        line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (IsLostLink(ex, cancellationToken))
                    {
                        break;
                    }

                    if (line is null)
                    {
                        break;
                    }

                    if (line.Length == 0)
                    {
                        if (data is not null)
                        {
                            yield return Parse(type, data);
                            lastEventId = id ?? lastEventId;
                        }

                        (id, type, data) = (null, null, null);
                    }
                    else if (line.StartsWith("id: ", StringComparison.Ordinal))
                    {
                        id = line[4..];
                    }
                    else if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        type = line[7..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        data = line[6..];
                    }
                }
            }

            // The stream ended (the server stopped or restarted): open it again after the last event.
            await Task.Delay(ReconnectBackoff.Delay(attempt++, maxReconnectDelay, Random.Shared.NextDouble()), cancellationToken).ConfigureAwait(false);
        }
    }

    private static ValueChange Parse(string? type, string data)
    {
        if (type == DeletedType)
        {
            var deletion = JsonSerializer.Deserialize<ValueDeletion>(data, ValuesApi.Json)!;
            return new ValueChange(deletion.Name, deletion.Version, null, deletion);
        }

        var snapshot = JsonSerializer.Deserialize<ValueSnapshot>(data, ValuesApi.Json)!;
        return new ValueChange(snapshot.Name, snapshot.Version, snapshot, null);
    }

    private static bool IsLostLink(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && ex is IOException or HttpRequestException { StatusCode: null or >= HttpStatusCode.InternalServerError } or OperationCanceledException;
}
