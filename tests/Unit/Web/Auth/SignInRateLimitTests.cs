using System.Net;
using EventDashboard.Tests.Unit.Web.Api;

namespace EventDashboard.Tests.Unit.Web.Auth;

/// <summary>The limit on sign-in attempts per client address, at three a minute so that a fourth must exceed it.</summary>
public sealed class SignInRateLimitTests : IClassFixture<SignInRateLimitTests.App>
{
    private readonly App _app;

    public SignInRateLimitTests(App app) => _app = app;

    [Fact]
    public async Task SignIn_BeyondTheLimit_Answers429WithRetryAfterEvenForTheRightKey()
    {
        using var browser = new BrowserSession(_app.KestrelAddress);
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await browser.SignInAsync(KeyedApp.WrongSecret);
            Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        }

        using var refused = await browser.SignInAsync(KeyedApp.OperatorSecret);

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("Too many sign-in attempts", problem.GetProperty("title").GetString());
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Null(browser.SignInCookie);

        // A bearer key is not a sign-in: programs on the same address are not held back.
        using var program = _app.ClientWith(KeyedApp.OperatorSecret);
        using var read = await program.GetAsync("/api/values");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    public sealed class App() : KeyedApp(new Dictionary<string, string?> { ["EventDashboard:Auth:RateLimit:SignInsPerMinute"] = "3" });
}
