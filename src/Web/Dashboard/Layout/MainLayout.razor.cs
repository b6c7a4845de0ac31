using EventDashboard.Web.Auth.Internal;
using EventDashboard.Web.Dashboard.Internal;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace EventDashboard.Web.Dashboard.Layout;

/// <summary>
/// The frame of every page: the app bar with the theme menu, the navigation, and MudBlazor's providers (inside the
/// interactive circuit, so popovers, dialogs and snackbars work). The theme choice is remembered in the browser.
/// </summary>
public sealed partial class MainLayout : IAsyncDisposable
{
    /// <summary>The key in the browser's local storage that remembers the theme choice.</summary>
    internal const string ThemeStorageKey = "eventdashboard.theme";

    // Web fonts cannot load offline: the system's own UI font, which every platform has.
    private static readonly string[] SystemFonts =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Noto Sans", "sans-serif"];

    private MudThemeProvider? _themeProvider;
    private ThemeMode _mode = ThemeMode.System;
    private bool _isDark;
    private bool _drawerOpen;

    /// <summary>How the theme is chosen.</summary>
    internal enum ThemeMode
    {
        /// <summary>Follow the operating system's light or dark setting.</summary>
        System,

        /// <summary>Always light.</summary>
        Light,

        /// <summary>Always dark.</summary>
        Dark,
    }

    internal static MudTheme Theme { get; } = new()
    {
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = SystemFonts },
        },
    };

    /// <summary>Gets a value indicating whether the dark palette is applied now.</summary>
    internal bool IsDark => _isDark;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ValueRegistry Registry { get; set; } = default!;

    [Inject]
    private AccessMode Access { get; set; } = default!;

    [Inject]
    private DashboardAccess User { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private string ThemeIcon => _mode switch
    {
        ThemeMode.Light => Icons.Material.Filled.LightMode,
        ThemeMode.Dark => Icons.Material.Filled.DarkMode,
        _ => Icons.Material.Filled.BrightnessAuto,
    };

    private string StoreTooltip => $"Live: values are pushed as they change. Store {Registry.StoreId}.";

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc/>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || _themeProvider is null)
        {
            return;
        }

        var stored = await JS.InvokeAsync<string?>("localStorage.getItem", ThemeStorageKey);
        _mode = Enum.TryParse<ThemeMode>(stored, ignoreCase: true, out var mode) ? mode : ThemeMode.System;
        await _themeProvider.WatchSystemDarkModeAsync(OnSystemDarkModeChanged);
        await ApplyAsync();
    }

    // The sign-in page is static, outside the circuit: a whole new page, not a route within this one.
    private void SignIn() =>
        Navigation.NavigateTo(SignInPaths.PageFor("/" + Navigation.ToBaseRelativePath(Navigation.Uri)), forceLoad: true);

    private async Task SetModeAsync(ThemeMode mode)
    {
        _mode = mode;
        await JS.InvokeVoidAsync("localStorage.setItem", ThemeStorageKey, mode.ToString().ToLowerInvariant());
        await ApplyAsync();
    }

    private async Task ApplyAsync()
    {
        _isDark = _mode switch
        {
            ThemeMode.Dark => true,
            ThemeMode.Light => false,
            _ => _themeProvider is not null && await _themeProvider.GetSystemDarkModeAsync(),
        };
        StateHasChanged();
    }

    private Task OnSystemDarkModeChanged(bool dark)
    {
        if (_mode == ThemeMode.System)
        {
            _isDark = dark;
            return InvokeAsync(StateHasChanged);
        }

        return Task.CompletedTask;
    }
}
