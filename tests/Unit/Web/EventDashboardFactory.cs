using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EventDashboard.Tests.Unit.Web;

/// <summary>
/// The real app in memory (TestServer), with the demo values off so tests own every value, plus whatever
/// settings a test class adds. <see cref="StartKestrel"/> runs it on a real loopback socket instead.
/// </summary>
public class EventDashboardFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Demo:Enabled"] = "false",
        ["EventDashboard:Storage:Provider"] = "Memory",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public EventDashboardFactory()
    {
    }

    protected EventDashboardFactory(IReadOnlyDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    /// <summary>Gets the base address of the Kestrel server after <see cref="StartKestrel"/>.</summary>
    public Uri KestrelAddress { get; private set; } = null!;

    /// <summary>Starts the app on Kestrel at a free loopback port.</summary>
    public EventDashboardFactory StartKestrel()
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        KestrelAddress = new Uri(addresses.Addresses.First());
        return this;
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
