using Bunit;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web;
using EventDashboard.Web.Auth;
using EventDashboard.Web.Auth.Internal;
using EventDashboard.Web.Dashboard.Internal;
using EventDashboard.Web.Values;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor.Services;

namespace EventDashboard.Tests.Unit.Web.Dashboard;

/// <summary>
/// A bunit context for the dashboard's components: MudBlazor's services, its JS calls answered loosely, and a
/// real <see cref="ValueRegistry"/> on the in-memory store (no mocks), which tests set values in.
/// </summary>
public abstract class DashboardContext : BunitContext, IAsyncLifetime
{
    protected DashboardContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Registry = RegistryTestExtensions.OpenRegistry(new EventDashboardOptions());
        Services.AddMudServices();
        Services.AddSingleton(Registry);
        Services.AddSingleton(TimeProvider.System);

        // Access control as the host sets it up with no keys: open access, as on a laptop.
        Services.AddOptions<AuthOptions>();
        Services.AddSingleton<EventDashboard.Web.Storage.Internal.IValueStore>(new EventDashboard.Web.Storage.Internal.MemoryValueStore(1));
        Services.AddSingleton<AccessKeys>();
        Services.AddSingleton<AccessMode>();
        Services.AddScoped<DashboardAccess>();

        // As the host authenticates a circuit on open access: anonymous, with the Operator role.
        Services.AddSingleton<AuthenticationStateProvider>(Authentication);
    }

    /// <summary>Gets who the rendered components act for; tests sign in other principals with <see cref="FixedAuthenticationState.Set"/>.</summary>
    protected FixedAuthenticationState Authentication { get; } = new(AccessPrincipal.Anonymous(AccessRole.Operator));

    /// <summary>
    /// Configures a key and makes the components act for a browser signed in with it, as the sign-in cookie does.
    /// Call it before the first render: the configuration is read when the services are first used.
    /// </summary>
    protected void SignInWithKey(string name, AccessRole role, params string[] prefixes)
    {
        var secret = $"{name}-secret";
        Services.Configure<AuthOptions>(o => o.Keys.Add(new AccessKeyOptions { Name = name, Role = role, Prefixes = prefixes, Secret = secret }));
        Authentication.Set(AccessPrincipal.ForKey(new AccessKey(name, role, prefixes, AccessKey.Hash(secret)), bearer: false));
    }

    /// <summary>Gets the registry the components watch.</summary>
    protected ValueRegistry Registry { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only async-disposable, so the context is disposed asynchronously (xunit 2).
    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Registry.DisposeAsync();
    }

    /// <summary>Does <paramref name="act"/> (a click, an input) to the element at <paramref name="selector"/> on the renderer's thread, as a browser event would arrive.</summary>
    protected static void Act<TComponent>(IRenderedComponent<TComponent> component, string selector, Action<AngleSharp.Dom.IElement> act)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        Assert.True(component.InvokeAsync(() => act(component.Find(selector))).Wait(TestTimeouts.Safety));

    /// <summary>Sets a value, as another program would, and returns its new version.</summary>
    protected long Set(string name, string json) =>
        Registry.Set(name, System.Text.Encoding.UTF8.GetBytes(json), SetSource.Http, "10.0.0.9").Snapshot!.Version;
}
