using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace EventDashboard.Tests.Unit.Web.Api;

/// <summary>Oversized bodies over a real socket, where Kestrel's own body-size limit applies too.</summary>
public sealed class OversizedBodyTests(OversizedBodyTests.Factory factory) : IClassFixture<OversizedBodyTests.Factory>
{
    [Fact]
    public async Task Put_ChunkedBodyFarOverLimitOnKestrel_Returns413AndChangesNothing()
    {
        using var client = new HttpClient { BaseAddress = factory.KestrelAddress };
        var json = "\"" + new string('x', 1024 * 1024) + "\"";
        var content = new StreamContent(new ChunkedOnlyStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await client.PutAsync("/api/values/oversized.chunked", content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/values/oversized.chunked")).StatusCode);
    }

    public sealed class Factory : EventDashboardFactory
    {
        public Factory()
            : base(new Dictionary<string, string?> { ["EventDashboard:MaxValueBytes"] = "1024" })
        {
            StartKestrel();
        }
    }
}
