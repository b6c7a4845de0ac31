using System.Net;
using System.Text.RegularExpressions;

namespace EventDashboard.Tests.Unit.Web.Auth;

/// <summary>
/// What a browser does with the dashboard's sign-in, over HTTP: it keeps cookies, follows no redirect on its own (so
/// tests see each one), and posts forms with the antiforgery token the page it came from carried.
/// </summary>
internal sealed partial class BrowserSession : IDisposable
{
    private readonly HttpClientHandler _handler;
    private readonly HttpClient _client;

    public BrowserSession(Uri address, string? origin = null)
    {
        _handler = new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false };
        _client = new HttpClient(_handler) { BaseAddress = address };
        _client.DefaultRequestHeaders.Add("Accept", "text/html");
        if (origin is not null)
        {
            _client.DefaultRequestHeaders.Add("Origin", origin);
        }
    }

    public CookieContainer Cookies { get; } = new();

    /// <summary>Gets the HTTP client, sending this browser's cookies.</summary>
    public HttpClient Client => _client;

    /// <summary>Gets the sign-in cookie, if the server set one that has not been cleared.</summary>
    public Cookie? SignInCookie => Cookies.GetAllCookies().FirstOrDefault(c => c.Name == "EventDashboard.SignIn" && !c.Expired && c.Value.Length > 0);

    /// <summary>Reads the antiforgery token of the form on <paramref name="path"/>.</summary>
    public async Task<string> FormTokenAsync(string path)
    {
        var html = await _client.GetStringAsync(new Uri(path, UriKind.Relative));
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"{path} has no antiforgery token:\n{html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts the sign-in form as the sign-in page does.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string key, string? returnUrl = null, bool withToken = true)
    {
        var fields = new Dictionary<string, string> { ["key"] = key };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }

        if (withToken)
        {
            fields["__RequestVerificationToken"] = await FormTokenAsync("/signin");
        }

        using var form = new FormUrlEncodedContent(fields);
        return await _client.PostAsync(new Uri("/auth/signin", UriKind.Relative), form);
    }

    /// <summary>Signs in with <paramref name="key"/>, and fails the test unless that gave a sign-in cookie.</summary>
    public async Task SignInOrFailAsync(string key)
    {
        using var response = await SignInAsync(key);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && SignInCookie is not null, $"Signing in answered {(int)response.StatusCode} without a sign-in cookie.");
    }

    /// <summary>Posts the app bar's sign-out form, with the token of the dashboard's home page.</summary>
    public async Task<HttpResponseMessage> SignOutAsync()
    {
        var token = await FormTokenAsync("/");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        return await _client.PostAsync(new Uri("/auth/signout", UriKind.Relative), form);
    }

    public void Dispose()
    {
        _client.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
