using System.Net;
using System.Text;
using System.Text.Json;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Api.Internal;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventDashboard.Tests.Unit.Web.Api;

/// <summary>
/// Bodies Kestrel cannot read (bad chunked framing, a body that arrives too slowly) over a real socket: a 4xx
/// ProblemDetails on every endpoint that reads a body, never a 500; and chunked bodies under the limit, however
/// they are chunked.
/// </summary>
public sealed class MalformedBodyTests(MalformedBodyTests.Factory factory) : IClassFixture<MalformedBodyTests.Factory>
{
    private const int MaxValueBytes = 1024 * 1024;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Theory]
    [InlineData("zz")]
    [InlineData("10000000000000000")]
    [InlineData("ffffffffffffffffff")]
    public async Task Put_MalformedChunkSize_Returns400ProblemAndChangesNothing(string chunkSize)
    {
        var response = await SendChunkedAsync("PUT", "/api/values/malformed.put", "application/json", [Ascii($"{chunkSize}\r\n\"x\"\r\n0\r\n\r\n")]);

        AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(404, (await RawHttp.SendAsync(factory.KestrelAddress, "GET", "/api/values/malformed.put", Timeout)).StatusCode);

        // The client caused it: not a server error in the log either.
        Assert.DoesNotContain(factory.Logs.Entries, entry => entry.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Put_ChunkWithoutLineEnd_Returns400Problem()
    {
        var response = await SendChunkedAsync("PUT", "/api/values/malformed.crlf", "application/json", [Ascii("3\r\n\"x\"XX0\r\n\r\n")]);

        AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("10000000000000000")]
    public async Task Import_MalformedChunkSize_Returns400ProblemAndImportsNothing(string chunkSize)
    {
        // An import needs an empty store, so a server of its own.
        using var empty = new Factory();

        var response = await SendChunkedAsync(empty.KestrelAddress, "POST", "/api/import", "application/x-ndjson", [Ascii($"{chunkSize}\r\n{{}}\r\n0\r\n\r\n")]);

        AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Empty(empty.Get<ValueRegistry>().List());
    }

    [Fact]
    public async Task Put_OneChunkJustUnderLimit_IsAccepted()
    {
        var body = JsonString(MaxValueBytes - 10);

        var response = await SendChunkedAsync("PUT", "/api/values/chunked.one", "application/json", [Chunk(body), Ascii("0\r\n\r\n")]);

        Assert.True(201 == response.StatusCode, Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task Put_SmallChunksJustUnderLimit_IsAccepted()
    {
        var body = JsonString(1_048_000);
        var parts = body.Chunk(4096).Select(Chunk).Append(Ascii("0\r\n\r\n"));

        var response = await SendChunkedAsync("PUT", "/api/values/chunked.small", "application/json", parts);

        Assert.True(201 == response.StatusCode, Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task Put_ChunkedExactlyAtLimit_IsAcceptedAndOneByteMoreIs413()
    {
        var atLimit = await SendChunkedAsync("PUT", "/api/values/chunked.limit", "application/json", [Chunk(JsonString(MaxValueBytes)), Ascii("0\r\n\r\n")]);
        var over = await SendChunkedAsync("PUT", "/api/values/chunked.over", "application/json", [Chunk(JsonString(MaxValueBytes + 1)), Ascii("0\r\n\r\n")]);

        Assert.Equal(201, atLimit.StatusCode);
        AssertProblem(over, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData(StatusCodes.Status400BadRequest)]
    [InlineData(StatusCodes.Status408RequestTimeout)]
    [InlineData(StatusCodes.Status413PayloadTooLarge)]
    public async Task Handler_BadHttpRequest_WritesProblemWithItsStatus(int status)
    {
        var context = new DefaultHttpContext { RequestServices = factory.Services };
        context.Response.Body = new MemoryStream();
        var handler = factory.Services.GetServices<IExceptionHandler>().OfType<BadRequestHandler>().Single();

        var handled = await handler.TryHandleAsync(context, new BadHttpRequestException("Kestrel's reason.", status), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(status, context.Response.StatusCode);
        var problem = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray()).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.Contains("Kestrel's reason.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handler_OtherException_IsLeftToTheServerError()
    {
        var context = new DefaultHttpContext { RequestServices = factory.Services };
        var handler = factory.Services.GetServices<IExceptionHandler>().OfType<BadRequestHandler>().Single();

        Assert.False(await handler.TryHandleAsync(context, new InvalidOperationException(), CancellationToken.None));
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] JsonString(int length) => Ascii("\"" + new string('x', length - 2) + "\"");

    private static byte[] Chunk(byte[] data) => [.. Ascii($"{data.Length:x}\r\n"), .. data, .. "\r\n"u8];

    private static void AssertProblem(RawResponse response, HttpStatusCode status)
    {
        Assert.True((int)status == response.StatusCode, $"{response.StatusCode}: {Encoding.UTF8.GetString(response.Body)}");
        Assert.StartsWith("application/problem+json", response.Headers["Content-Type"], StringComparison.Ordinal);
        var problem = JsonDocument.Parse(DechunkIfNeeded(response)).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    // The answer's own body may be chunked; a ProblemDetails is small, so one chunk.
    private static byte[] DechunkIfNeeded(RawResponse response)
    {
        if (!response.Headers.TryGetValue("Transfer-Encoding", out var encoding) || encoding != "chunked")
        {
            return response.Body;
        }

        var text = Encoding.UTF8.GetString(response.Body);
        var sizeEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
        var size = Convert.ToInt32(text[..sizeEnd], 16);
        return Encoding.UTF8.GetBytes(text.Substring(sizeEnd + 2, size));
    }

    private Task<RawResponse> SendChunkedAsync(string method, string path, string contentType, IEnumerable<byte[]> body) =>
        SendChunkedAsync(factory.KestrelAddress, method, path, contentType, body);

    private static Task<RawResponse> SendChunkedAsync(Uri server, string method, string path, string contentType, IEnumerable<byte[]> body)
    {
        var head = Ascii(
            $"{method} {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\n" +
            "Transfer-Encoding: chunked\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
        return RawHttp.SendAsync(server, body.Prepend(head), Timeout);
    }

    public sealed class Factory : EventDashboardFactory
    {
        public Factory()
        {
            StartKestrel();
        }

        internal RecordingLoggerProvider Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        }
    }
}
