namespace EventDashboard.Web.Auth.Internal;

/// <summary>Where the dashboard's sign-in lives: the page, the form posts behind it, and the return address.</summary>
internal static class SignInPaths
{
    /// <summary>The sign-in page (a static page: it needs no circuit, which would need a sign-in).</summary>
    public const string Page = "/signin";

    /// <summary>Where the sign-in form posts the key.</summary>
    public const string SignIn = "/auth/signin";

    /// <summary>Where the sign-out form posts.</summary>
    public const string SignOut = "/auth/signout";

    /// <summary>Where the sign-in page's single sign-on button goes: it sends the browser to the OpenID Connect provider.</summary>
    public const string Oidc = "/auth/oidc";

    /// <summary>Where the provider sends the browser back with the authorization code.</summary>
    public const string OidcCallback = "/auth/oidc/callback";

    /// <summary>The page that continues, from this server, to the return address once the provider signed a person in.</summary>
    public const string OidcContinue = "/auth/oidc/continue";

    /// <summary>The query parameter that carries where to go after signing in.</summary>
    public const string ReturnUrlParameter = "returnUrl";

    /// <summary>
    /// The page to return to after signing in: <paramref name="returnUrl"/> when it is a path on this server, else
    /// the dashboard's home. Anything else (<c>//evil.example</c>, <c>https://…</c>, <c>/\evil</c>) would make the
    /// sign-in page an open redirect.
    /// </summary>
    /// <remarks>
    /// Only printable ASCII passes: a browser drops tabs and line breaks from a URL before it reads it, so
    /// <c>/&lt;tab&gt;/evil.example</c> would become <c>//evil.example</c>, another site (as <c>Url.IsLocalUrl</c> knows).
    /// </remarks>
    public static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            && !url.Contains("://", StringComparison.Ordinal) && url.All(c => c is > ' ' and < '\u007f')
            ? url
            : "/";

    /// <summary>The address <paramref name="path"/> with <paramref name="returnUrl"/>, made local, as its return address.</summary>
    public static string WithReturnUrl(string path, string? returnUrl) =>
        path + QueryString.Create(ReturnUrlParameter, LocalReturnUrl(returnUrl)).ToUriComponent();

    /// <summary>The sign-in page's address that returns to <paramref name="returnUrl"/>, with an optional error to show.</summary>
    public static string PageFor(string? returnUrl, string? error = null)
    {
        var query = new QueryString();
        var local = LocalReturnUrl(returnUrl);
        if (local != "/")
        {
            query = query.Add(ReturnUrlParameter, local);
        }

        if (error is not null)
        {
            query = query.Add("error", error);
        }

        return Page + query.ToUriComponent();
    }
}
