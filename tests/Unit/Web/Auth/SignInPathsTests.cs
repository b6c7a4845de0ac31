using EventDashboard.Web.Auth.Internal;

namespace EventDashboard.Tests.Unit.Web.Auth;

public sealed class SignInPathsTests
{
    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/changes", "/changes")]
    [InlineData("/values/a.b?x=1", "/values/a.b?x=1")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("changes", "/")]
    [InlineData("/redirect?to=https://evil.example", "/")]
    [InlineData("/\t/evil.example", "/")]
    [InlineData("/\n/evil.example", "/")]
    [InlineData("/\r\n/evil.example", "/")]
    [InlineData("/caf\u00e9", "/")]
    [InlineData("/values/a b", "/")]
    public void LocalReturnUrl_AnyInput_IsAPathOnThisServer(string? returnUrl, string expected)
    {
        Assert.Equal(expected, SignInPaths.LocalReturnUrl(returnUrl));
    }

    [Fact]
    public void PageFor_ReturnUrlAndError_EscapesBoth()
    {
        Assert.Equal("/signin?returnUrl=%2Fvalues%2Fa%3Fb%3D1&error=unknown-key", SignInPaths.PageFor("/values/a?b=1", SignInErrors.UnknownKey));
    }
}
