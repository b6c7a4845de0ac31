namespace EventDashboard.Web.Auth.Internal;

/// <summary>Why the sign-in form came back to the sign-in page: the values of its <c>error</c> query parameter.</summary>
internal static class SignInErrors
{
    public const string Missing = "missing";

    public const string UnknownKey = "unknown-key";

    public const string SignedOut = "signed-out";

    /// <summary>The provider signed the person in, but none of their claims maps to a role here.</summary>
    public const string NoRole = "sso-no-role";

    /// <summary>Single sign-on did not complete: the provider refused, or its answer could not be trusted.</summary>
    public const string SsoFailed = "sso-failed";
}
