using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace EventDashboard.Tests.Unit.Web.Auth;

/// <summary>
/// A <see cref="BrowserSession"/> on a page of the server itself (its <c>Origin</c>) that signs in through single
/// sign-on: it follows each redirect by itself (so a test sees, and may change, every step), and at the provider's
/// page is the person <c>login_hint</c> names.
/// </summary>
internal sealed class OidcBrowser : IDisposable
{
    public OidcBrowser(Uri server)
    {
        Server = server;
        Session = new BrowserSession(server, origin: server.GetLeftPart(UriPartial.Authority));
    }

    public Uri Server { get; }

    public BrowserSession Session { get; }

    /// <summary>Gets a value indicating whether the server's sign-in cookie is held.</summary>
    public bool IsSignedIn => Session.SignInCookie is not null;

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
            var response = await Session.Client.GetAsync(address);
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

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => Session.Client.SendAsync(request);

    public Task<HttpResponseMessage> GetAsync(string path) => Session.Client.GetAsync(new Uri(path, UriKind.Relative));

    public void Dispose() => Session.Dispose();
}
