using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EventDashboard.Tests.Unit.Web.Api;

/// <summary>
/// One HTTP/1.1 request on its own socket, reading every byte the server sends until it closes the connection.
/// HttpClient never reads a body after HEAD, and never sends malformed framing, so only raw bytes test those.
/// </summary>
internal static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri server, string method, string pathAndQuery, CancellationToken cancellationToken)
    {
        var request = $"{method} {pathAndQuery} HTTP/1.1\r\nHost: {server.Authority}\r\nAccept: application/json\r\nConnection: close\r\n\r\n";
        return await SendAsync(server, [Encoding.ASCII.GetBytes(request)], cancellationToken);
    }

    /// <summary>Sends <paramref name="parts"/> as they are, one write each, and reads the answer.</summary>
    public static async Task<RawResponse> SendAsync(Uri server, IEnumerable<byte[]> parts, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = tcp.GetStream();
        foreach (var part in parts)
        {
            await stream.WriteAsync(part, cancellationToken);
        }

        using var received = new MemoryStream();
        await stream.CopyToAsync(received, cancellationToken);
        var bytes = received.ToArray();
        var headEnd = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(headEnd >= 0, $"The server closed the connection before the end of the headers: '{Encoding.ASCII.GetString(bytes)}'.");

        var lines = Encoding.ASCII.GetString(bytes, 0, headEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0], parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new RawResponse(status, headers, bytes[(headEnd + 4)..]);
    }
}

/// <summary>What the server sent: the status, the headers and every byte after them.</summary>
internal sealed record RawResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, byte[] Body);
