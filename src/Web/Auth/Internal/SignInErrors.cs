namespace EventDashboard.Web.Auth.Internal;

/// <summary>Why the sign-in form came back to the sign-in page: the values of its <c>error</c> query parameter.</summary>
internal static class SignInErrors
{
    public const string Missing = "missing";

    public const string UnknownKey = "unknown-key";

    public const string SignedOut = "signed-out";
}
