using System.Net;
using System.Text;
using EventDashboard.Tests.Unit.Web.Api;
using EventDashboard.Tests.Unit.Web.Hubs;

namespace EventDashboard.Tests.Unit.Web.Auth;

/// <summary>The per-principal write limit, at one write per second so that a burst must exceed it.</summary>
public sealed class RateLimitTests : IClassFixture<RateLimitTests.App>
{
    // At one write a second, ten writes in a row exceed the limit unless they take nine seconds or more.
    private const int Burst = 10;
    private readonly App _app;

    public RateLimitTests(App app) => _app = app;

    [Fact]
    public async Task Put_BeyondTheLimit_Answers429WithRetryAfterAndSparesOtherKeys()
    {
        using var limited = _app.ClientWith(KeyedApp.OperatorSecret);
        using var other = _app.ClientWith(KeyedApp.AdminSecret);

        HttpResponseMessage? refused = null;
        for (var i = 0; i < Burst && refused is null; i++)
        {
            var response = await limited.PutAsync("/api/values/limited.a", Json(i));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
            Assert.Contains("The key 'operator' made more writes than its limit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        using var otherWrite = await other.PutAsync("/api/values/limited.b", Json(1));
        Assert.True(otherWrite.IsSuccessStatusCode);
        using var read = await limited.GetAsync("/api/values/limited.a");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Set_OnTheHubBeyondTheLimit_IsRefusedAndTheConnectionStaysOpen()
    {
        await using var hub = await RawHubClient.ConnectAsync(_app.KestrelAddress, KeyedApp.ScopedSecret);

        string? error = null;
        for (var i = 0; i < Burst && error is null; i++)
        {
            var completion = await hub.InvokeAsync("Set", "team.limited", i, null);
            error = completion.TryGetProperty("error", out var message) ? message.GetString() : null;
        }

        Assert.Contains("Too many writes: The key 'scoped' made more writes than its limit", error, StringComparison.Ordinal);
        await hub.InvokeResultAsync("List");
    }

    private static StringContent Json(int value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8, "application/json");

    public sealed class App : KeyedApp
    {
        public App()
            : base(new Dictionary<string, string?> { ["EventDashboard:Auth:RateLimit:WritesPerSecond"] = "1" })
        {
        }
    }
}
