using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace EventDashboard.Tests.E2E.Infrastructure;

/// <summary>
/// The errors the pages of a browser context report: <c>console.error</c> calls, errors the browser itself logs
/// to the console (a failed request, a refused script) and uncaught exceptions.
/// </summary>
/// <remarks>
/// Playwright stops reporting a document's console once a navigation away from it has begun, which is exactly when
/// a page's cancelled fetches fail. So every document also keeps its errors, and a marker when it is hidden, in
/// the tab's sessionStorage, which the next document of the same origin can read (<see cref="StoredAsync"/>).
/// </remarks>
public sealed class ConsoleErrors
{
    private const string CaptureScript = """
        (() => {
          const store = entry => sessionStorage.setItem('e2e-console',
            JSON.stringify([...JSON.parse(sessionStorage.getItem('e2e-console') ?? '[]'), entry]));
          const error = console.error;
          console.error = (...args) => {
            store('error: ' + args.map(arg => arg?.stack ?? String(arg)).join(' '));
            error.apply(console, args);
          };
          addEventListener('error', event => store('uncaught: ' + event.message));
          addEventListener('unhandledrejection', event => store('unhandled rejection: ' + (event.reason?.stack ?? event.reason)));
          addEventListener('pagehide', () => store('pagehide ' + location.pathname));
        })();
        """;

    private readonly ConcurrentQueue<string> _errors = new();

    private ConsoleErrors()
    {
    }

    /// <summary>Gets the errors Playwright reported so far.</summary>
    public IReadOnlyCollection<string> All => _errors.ToArray();

    /// <summary>
    /// Fails the test when any error was recorded, naming every one in full, followed by <paramref name="serverOutput"/>
    /// (what the server logged, which holds the .NET side of a failed interop call).
    /// </summary>
    public void AssertNone(string serverOutput = "")
    {
        var all = All;
        Assert.True(all.Count == 0, $"The browser reported {all.Count} error(s):\n{string.Join("\n", all)}\n--- server output ---\n{serverOutput}");
    }

    /// <summary>Starts recording the errors of <paramref name="context"/>; call it before opening a page to miss none.</summary>
    public static async Task<ConsoleErrors> RecordAsync(IBrowserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new ConsoleErrors();
        context.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors._errors.Enqueue($"{message.Text} (at {message.Location}, page {message.Page?.Url})");
            }
        };
        context.WebError += (_, error) => errors._errors.Enqueue($"uncaught: {error.Error}");
        await context.AddInitScriptAsync(CaptureScript);
        return errors;
    }

    /// <summary>
    /// Gets what the documents shown in <paramref name="page"/>'s tab stored, the ones it has left included:
    /// <c>error: ...</c>, <c>uncaught: ...</c>, <c>unhandled rejection: ...</c>, and <c>pagehide /path</c> when a
    /// document was hidden.
    /// </summary>
    public static async Task<IReadOnlyList<string>> StoredAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.EvaluateAsync<string[]>("() => JSON.parse(sessionStorage.getItem('e2e-console') ?? '[]')");
    }
}
