using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace EventDashboard.Tests.Unit.TestSupport.Oidc;

/// <summary>
/// What a browser does through a single sign-on: keeps cookies, follows each redirect by itself (so a test sees and
/// may change every step), and at the provider's page is the person <c>login_hint</c> names.
/// </summary>
internal sealed class OidcBrowser : IDisposable
{
    public const string SignInCookieName = "EventDashboard.SignIn";

    private readonly HttpClient _client;

    public OidcBrowser(Uri server)
    {
        Server = server;
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = server };
    }

    public Uri Server { get; }

    public CookieContainer Cookies { get; } = new();

    /// <summary>Gets a value indicating whether the server's sign-in cookie is held.</summary>
    public bool IsSignedIn => Cookies.GetCookies(Server).Any(c => c.Name == SignInCookieName && !c.Expired && c.Value.Length > 0);

    /// <summary>
    /// Presses the sign-in page's single sign-on button and follows the redirects to the end, signing in at the
    /// provider as <paramref name="loginHint"/>; <paramref name="atCallback"/> may change the provider's answer on
    /// its way back, as an attacker would.
    /// </summary>
    /// <returns>The address the walk ended at, and its answer.</returns>
    public async Task<(Uri Address, HttpResponseMessage Response)> SignInAsync(string loginHint, string returnUrl = "/", Func<Uri, Uri>? atCallback = null)
    {
        var address = new Uri(Server, QueryHelpers.AddQueryString("/auth/oidc", "returnUrl", returnUrl));
        for (var hops = 0; hops < 10; hops++)
        {
            var response = await _client.GetAsync(address);
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect))
            {
                return (address, response);
            }

            address = new Uri(address, response.Headers.Location!);
            response.Dispose();
            if (address.AbsolutePath == "/authorize")
            {
                address = new Uri(QueryHelpers.AddQueryString(address.ToString(), "login_hint", loginHint));
            }
            else if (address.AbsolutePath == "/auth/oidc/callback" && atCallback is not null)
            {
                address = atCallback(address);
            }
        }

        throw new InvalidOperationException("The sign-in redirected more than 10 times.");
    }

    /// <summary>Sends <paramref name="request"/> with the browser's cookies, from a page of the server itself (its Origin).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("Origin", Server.GetLeftPart(UriPartial.Authority));
        return _client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    public void Dispose() => _client.Dispose();
}
