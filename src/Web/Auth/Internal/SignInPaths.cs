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

    /// <summary>The query parameter that carries where to go after signing in.</summary>
    public const string ReturnUrlParameter = "returnUrl";

    /// <summary>
    /// The page to return to after signing in: <paramref name="returnUrl"/> when it is a path on this server, else
    /// the dashboard's home. Anything else (<c>//evil.example</c>, <c>https://…</c>, <c>/\evil</c>) would make the
    /// sign-in page an open redirect.
    /// </summary>
    public static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("://", StringComparison.Ordinal)
            ? url
            : "/";

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
