using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using EventDashboard.Tests.Unit.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace EventDashboard.Tests.Unit.Web.Auth;

/// <summary>
/// The real app on Kestrel with four access keys configured (one of each role, and an Operator limited to
/// <c>team.</c>), its log recorded at Debug so tests can check that no secret reaches it.
/// </summary>
public class KeyedApp : EventDashboardFactory
{
    public const string ViewerSecret = "viewer-secret-7c1f0e9a";
    public const string OperatorSecret = "operator-secret-4b2d8e61";
    public const string AdminSecret = "admin-secret-93aa10c5";
    public const string ScopedSecret = "scoped-secret-58e0d2b7";
    public const string WrongSecret = "not-a-key-0000";

    public KeyedApp()
        : this(new Dictionary<string, string?>())
    {
    }

    protected KeyedApp(IReadOnlyDictionary<string, string?> settings)
        : base(WithKeys(settings))
    {
        StartKestrel();
    }

    internal RecordingLoggerProvider Logs { get; } = new();

    /// <summary>Every secret the app knows or was shown, for the check that none is logged.</summary>
    public static IReadOnlyList<string> Secrets { get; } = [ViewerSecret, OperatorSecret, AdminSecret, ScopedSecret, WrongSecret];

    /// <summary>A client of the Kestrel server that sends <paramref name="secret"/> as a bearer token, or nothing.</summary>
    public HttpClient ClientWith(string? secret)
    {
        var client = new HttpClient { BaseAddress = KestrelAddress };
        if (secret is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
    }

    private static Dictionary<string, string?> WithKeys(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["EventDashboard:Auth:Keys:0:Name"] = "viewer",
            ["EventDashboard:Auth:Keys:0:Role"] = "Viewer",
            ["EventDashboard:Auth:Keys:0:Secret"] = ViewerSecret,
            ["EventDashboard:Auth:Keys:1:Name"] = "operator",
            ["EventDashboard:Auth:Keys:1:Role"] = "Operator",
            ["EventDashboard:Auth:Keys:1:Secret"] = OperatorSecret,
            ["EventDashboard:Auth:Keys:2:Name"] = "admin",
            ["EventDashboard:Auth:Keys:2:Role"] = "Admin",
            ["EventDashboard:Auth:Keys:2:SecretSha256"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(AdminSecret))),
            ["EventDashboard:Auth:Keys:3:Name"] = "scoped",
            ["EventDashboard:Auth:Keys:3:Role"] = "Operator",
            ["EventDashboard:Auth:Keys:3:Prefixes:0"] = "team.",
            ["EventDashboard:Auth:Keys:3:Secret"] = ScopedSecret,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }
}
