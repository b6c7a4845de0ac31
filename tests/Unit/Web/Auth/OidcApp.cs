using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Tests.Unit.TestSupport.Oidc;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace EventDashboard.Tests.Unit.Web.Auth;

/// <summary>
/// A <see cref="TestOidcProvider"/> and the real app on Kestrel signing people in through it, beside the keys of
/// <see cref="KeyedApp"/>: the provider's <c>groups</c> claim maps <c>dashboard-admins</c>, <c>dashboard-operators</c>
/// and <c>dashboard-viewers</c> to the roles, with no default role. The app logs everything, Trace included, so
/// tests can check that no code, token or secret reaches its log.
/// </summary>
public sealed class OidcApp : IAsyncLifetime
{
    public const string DisplayName = "Test SSO";

    internal TestOidcProvider Provider { get; private set; } = null!;

    internal Server App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Provider = await TestOidcProvider.StartAsync();
        App = new Server(Settings(Provider.Issuer));
        foreach (var user in (OidcTestUser[])[
            new("alice", "alice", "dashboard-operators", "unrelated-group"),
            new("bob", "bob", "dashboard-viewers"),
            new("carol", "carol", "marketing"),
            new("mallory", "mallory", "dashboard-admins"),
            new("nameless-7f3a", null, "dashboard-operators")])
        {
            Provider.AddUser(user);
        }

        Provider.ForgeTokensFor("mallory");
    }

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Provider.DisposeAsync();
    }

    internal OidcBrowser Browser() => new(App.KestrelAddress);

    /// <summary>The settings of single sign-on through <paramref name="authority"/>, as the tests of this provider use them.</summary>
    internal static Dictionary<string, string?> Settings(string authority) => new()
    {
        ["EventDashboard:Auth:Oidc:Authority"] = authority,
        ["EventDashboard:Auth:Oidc:ClientId"] = TestOidcProvider.ClientId,
        ["EventDashboard:Auth:Oidc:ClientSecret"] = TestOidcProvider.ClientSecret,
        ["EventDashboard:Auth:Oidc:RoleClaim"] = TestOidcProvider.RoleClaim,
        ["EventDashboard:Auth:Oidc:DisplayName"] = DisplayName,
        ["EventDashboard:Auth:Oidc:Roles:Admin:0"] = "dashboard-admins",
        ["EventDashboard:Auth:Oidc:Roles:Operator:0"] = "dashboard-operators",
        ["EventDashboard:Auth:Oidc:Roles:Viewer:0"] = "dashboard-viewers",
    };

    /// <summary>The app: keys as in <see cref="KeyedApp"/>, and single sign-on.</summary>
    internal sealed class Server : KeyedApp
    {
        public Server(IReadOnlyDictionary<string, string?> settings)
            : base(settings)
        {
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Logging:LogLevel:Default", "Trace");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace));
        }
    }
}
