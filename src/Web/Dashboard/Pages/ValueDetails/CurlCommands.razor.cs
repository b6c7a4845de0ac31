using System.Globalization;
using System.Text.Json;
using EventDashboard.Web.Dashboard.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace EventDashboard.Web.Dashboard.Pages.ValueDetails;

/// <summary>
/// The HTTP API of one value as ready <c>curl</c> lines (get, blocking query, Server-Sent Events, compare-and-set
/// PUT), built from the address the page was loaded from, each with a button that copies it to the clipboard.
/// </summary>
public sealed partial class CurlCommands
{
    // A longer value is read from a file in the PUT line rather than written into it.
    internal const int MaxInlineBody = 200;

    /// <summary>Gets or sets the value's name.</summary>
    [Parameter]
    [EditorRequired]
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the version the page shows (0: never set): the blocking query waits for a newer one and the PUT expects it.</summary>
    [Parameter]
    public long Version { get; set; }

    /// <summary>Gets or sets the value the page shows, the body of the PUT line; none (undefined) for a deleted or unset value.</summary>
    [Parameter]
    public JsonElement Value { get; set; }

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private IReadOnlyList<CurlCommand> Commands => Build(Navigation.BaseUri, Name, Version, Value);

    /// <summary>Builds the lines for a value from the dashboard's base address.</summary>
    internal static IReadOnlyList<CurlCommand> Build(string baseUri, string name, long version, JsonElement value)
    {
        var url = $"{baseUri.TrimEnd('/')}/api/values/{Uri.EscapeDataString(name)}";
        // A value that does not exist (never set, or deleted) is created with If-Match "0".
        var exists = value.ValueKind != JsonValueKind.Undefined;
        var expected = exists ? version : 0;
        var body = exists ? JsonFormatter.Compact(value) : "{}";
        var data = body.Length <= MaxInlineBody ? $"--data-binary {ShellQuote(body)}" : "--data-binary @value.json";
        return
        [
            new("get", "Get", $"curl -s {ShellQuote(url)}"),
            new("wait", "Wait for a newer version", $"curl -s {ShellQuote(string.Create(CultureInfo.InvariantCulture, $"{url}?index={version}&wait=30s"))}"),
            new("events", "Follow (Server-Sent Events)", $"curl -sN {ShellQuote(url + "/events")}"),
            new("put", exists ? "Set if still this version" : "Create", string.Create(
                CultureInfo.InvariantCulture,
                $"curl -s -X PUT {ShellQuote(url)} -H 'Content-Type: application/json' -H 'If-Match: \"{expected}\"' {data}")),
        ];
    }

    // POSIX shells: inside single quotes nothing is special but the quote itself.
    private static string ShellQuote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private async Task CopyAsync(CurlCommand command)
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", command.Line);
            Snackbar.Add($"Copied the {command.Label.ToLowerInvariant()} command.", Severity.Success);
        }
        catch (JSException)
        {
            Snackbar.Add("The browser did not allow copying; select the line instead.", Severity.Warning);
        }
    }
}
