using Microsoft.Playwright;

namespace EventDashboard.Tests.E2E.Infrastructure;

/// <summary>Launches Debian's Chromium through Playwright (Playwright cannot download its own browsers here).</summary>
public static class Chromium
{
    /// <summary>Where test.sh installs it (apt-get install chromium).</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Starts a headless Chromium.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run ./test.sh, which installs Debian's chromium.");
        }

        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }
}
