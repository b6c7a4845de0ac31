using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventDashboard.Tests.Unit.Web.Auth;

/// <summary>The secure-by-default rule and the validation of the keys, at start.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Main_AllAddressesWithoutKeys_ExitsWith1AndSaysHowToAddAKey()
    {
        // The real entry point, as a process: the refusal is an exit code and a message, like a store that cannot open.
        var web = Path.Combine(AppContext.BaseDirectory, "EventDashboard.Web.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { web, "--urls", "http://0.0.0.0:0", "--EventDashboard:Storage:Provider=Memory", "--Demo:Enabled=false" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        await stdout;

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("EventDashboard cannot start: it listens on http://0.0.0.0:", stderr, StringComparison.Ordinal);
        Assert.Contains("no access key is configured", stderr, StringComparison.Ordinal);
        Assert.Contains("EventDashboard:Auth:Keys:0:Name", stderr, StringComparison.Ordinal);
        Assert.Contains("AllowAnonymous", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AllAddressesWithAllowAnonymousViewer_ServesReadsOnly()
    {
        using var app = new AnyAddressApp(new Dictionary<string, string?> { ["EventDashboard:Auth:AllowAnonymous"] = "Viewer" });
        app.Start();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{app.Port}") };

        using var read = await client.GetAsync("/api/values");
        using var write = await client.PutAsync("/api/values/a", new StringContent("1", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [Fact]
    public async Task Start_AllAddressesWithAKey_Starts()
    {
        using var app = new AnyAddressApp(new Dictionary<string, string?>
        {
            ["EventDashboard:Auth:Keys:0:Name"] = "ci",
            ["EventDashboard:Auth:Keys:0:Role"] = "Operator",
            ["EventDashboard:Auth:Keys:0:Secret"] = "ci-secret-123-4567",
        });
        app.Start();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{app.Port}") };

        using var anonymous = await client.GetAsync("/api/values");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("Secret", "s1", "SecretSha256", "0000000000000000000000000000000000000000000000000000000000000000", "not both")]
    [InlineData("Role", "Operator", "Prefixes:0", "team.", "Secret or SecretSha256")]
    [InlineData("Secret", "s1", "Role", "", "Role must be Viewer, Operator or Admin")]
    [InlineData("SecretSha256", "abc", "Role", "Viewer", "SecretSha256 must be 64 hex digits")]
    [InlineData("Secret", "s1", "Prefixes:0", "bad prefix!", "Prefixes:")]
    [InlineData("Secret", "s1", "Prefixes:0", "team.", "the Secret has 2 characters; use at least 16")]
    public void Start_InvalidKey_FailsNamingTheKeyAndTheProblem(string setting1, string value1, string setting2, string value2, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["EventDashboard:Auth:Keys:0:Name"] = "broken",
            ["EventDashboard:Auth:Keys:0:Role"] = "Viewer",
            [$"EventDashboard:Auth:Keys:0:{setting1}"] = value1,
            [$"EventDashboard:Auth:Keys:0:{setting2}"] = value2,
        };
        using var app = new SettingsApp(settings);

        var error = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains("EventDashboard:Auth:Keys:0 ('broken')", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_DuplicateKeyNames_Fails()
    {
        using var app = new SettingsApp(new Dictionary<string, string?>
        {
            ["EventDashboard:Auth:Keys:0:Name"] = "ci",
            ["EventDashboard:Auth:Keys:0:Role"] = "Viewer",
            ["EventDashboard:Auth:Keys:0:Secret"] = "one-secret-0123456",
            ["EventDashboard:Auth:Keys:1:Name"] = "ci",
            ["EventDashboard:Auth:Keys:1:Role"] = "Operator",
            ["EventDashboard:Auth:Keys:1:Secret"] = "another-secret-0123",
        });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains("the name 'ci' is used by another key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_UnknownRole_FailsNamingTheSetting()
    {
        using var app = new SettingsApp(new Dictionary<string, string?>
        {
            ["EventDashboard:Auth:Keys:0:Name"] = "ci",
            ["EventDashboard:Auth:Keys:0:Role"] = "Boss",
            ["EventDashboard:Auth:Keys:0:Secret"] = "one-secret-0123456",
        });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains("EventDashboard:Auth:Keys:0:Role is 'Boss'; it must be Viewer, Operator or Admin.", error.Message, StringComparison.Ordinal);
    }

    private sealed class SettingsApp(IReadOnlyDictionary<string, string?> settings) : EventDashboardFactory(settings);

    /// <summary>The app on Kestrel at 0.0.0.0, a free port: reachable from the network.</summary>
    private sealed class AnyAddressApp : EventDashboardFactory
    {
        public AnyAddressApp(IReadOnlyDictionary<string, string?> settings)
            : base(settings)
        {
        }

        public int Port { get; private set; }

        public void Start()
        {
            UseKestrel(options => options.Listen(IPAddress.Any, 0));
            StartServer();
            var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!;
            Port = new Uri(addresses.Addresses.First()).Port;
        }
    }
}
