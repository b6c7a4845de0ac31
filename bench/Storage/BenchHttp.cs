using System.Net;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>The one HTTP client configuration used for every target, so that no target gets a faster client than another.</summary>
internal static class BenchHttp
{
    /// <summary>
    /// A client for <paramref name="baseAddress"/> over HTTP/1.1 keep-alive connections, enough of them for
    /// every concurrent setter to have its own (the largest run has 64), and nothing else in the way: no
    /// proxy, no cookies, no decompression.
    /// </summary>
    public static HttpClient NewClient(Uri baseAddress) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 256,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = baseAddress,
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromMinutes(1),
    };

    /// <summary>Sends a Set and reads its whole answer.</summary>
    /// <returns>Null when it succeeded; otherwise what went wrong: the status and body, or the exception's message.</returns>
    public static async Task<string?> SendSetAsync(HttpClient http, HttpRequestMessage request)
    {
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {response.ReasonPhrase}: {await response.Content.ReadAsStringAsync()}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (TaskCanceledException e)
        {
            // HttpClient.Timeout.
            return e.Message;
        }
    }
}
