using Microsoft.Playwright;

namespace EventDashboard.Tests.E2E.Infrastructure;

/// <summary>What a test can see of a page's Blazor circuit (the SignalR connection that makes a page interactive).</summary>
public static class BlazorCircuit
{
    /// <summary>The element blazor.web.js shows while the circuit is down; its classes say why.</summary>
    public const string ReconnectModal = "#components-reconnect-modal";

    // The interactive renderer marks each element a component holds a reference to (@ref) with an attribute
    // named _bl_<id>; the prerendered HTML never has one. Every dashboard page has such elements (the app bar's
    // theme menu, for one), so the first one means the circuit is connected and has rendered the page: from then
    // on, clicks and typing reach the server, and the page follows the values it shows.
    private const string IsInteractive = """
        () => {
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
          while (walker.nextNode()) {
            if (walker.currentNode.getAttributeNames().some(name => name.startsWith('_bl_'))) return true;
          }
          return false;
        }
        """;

    /// <summary>Waits until <paramref name="page"/>'s prerendered content has become interactive.</summary>
    /// <param name="page">A dashboard page.</param>
    /// <returns>A task that completes when the page's components run in a connected circuit.</returns>
    public static async Task WaitUntilInteractiveAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.WaitForFunctionAsync(IsInteractive, null, new PageWaitForFunctionOptions { Timeout = 30_000 });
    }
}
