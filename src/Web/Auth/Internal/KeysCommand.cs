using System.Data.Common;
using System.Globalization;
using EventDashboard.Web.Storage;
using EventDashboard.Web.Storage.Internal;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// <c>keys create|list|revoke</c>: manages the keys made at run time in the configured store from the command line,
/// and exits without starting the server. The store and the configured keys come from the same configuration as the
/// server's (appsettings, environment variables, <c>--EventDashboard:...</c> arguments).
/// </summary>
/// <remarks>
/// A new key's secret goes to standard output alone, so that a script can capture it; everything else goes to
/// standard error. Nothing logs the secret: the log goes to standard error from Warning up, and no log line holds it.
/// </remarks>
internal static class KeysCommand
{
    /// <summary>The exit code of a command that did what it was asked.</summary>
    public const int Succeeded = 0;

    /// <summary>The exit code of a command the store or the keys refused (no store, a duplicate name, no such key).</summary>
    public const int Failed = 1;

    /// <summary>The exit code of a command line that is wrong (unknown verb or option, a missing name, a bad role).</summary>
    public const int UsageError = 2;

    // The audit names the operating-system user, who is all there is to say who ran the command.
    private static string CommandLineWho => $"the command line ({Environment.UserName})";

    public const string Usage = """
        Usage: dotnet EventDashboard.Web.dll keys <command> [options] [--EventDashboard:Storage:... value ...]

        Manages the access keys made at run time, in the store the server is configured with, and exits.

        Commands:
          create --name <name> --role <Viewer|Operator|Admin> [--prefix <prefix> ...]
                   Makes a key and prints its secret (64 hex digits) on standard output, this once only;
                   the store keeps only its SHA-256. --prefix limits the key to names starting with it.
          list     Lists every key, configured and made at run time, without secrets.
          revoke --name <name>
                   Revokes a key made at run time (a configured key is removed from the configuration).

        Configuration options (such as --EventDashboard:Storage:Provider Sqlite, --EventDashboard:Storage:Path /data,
        --environment Production) choose the store, as they do for the server. A SQLite folder can be used by one
        process at a time: stop the server first, or use POST /api/keys. On etcd, running servers pick up the change.

        Exit codes: 0 done; 1 refused (store unavailable, name taken, no such key); 2 bad command line.
        """;

    /// <summary>Tells whether the arguments ask for this command rather than for the server.</summary>
    public static bool Matches(string[] args) => args is ["keys", ..];

    /// <summary>Runs the command.</summary>
    /// <param name="args">Every argument, the first being <c>keys</c>.</param>
    /// <param name="output">Where the answer goes: the secret, the list.</param>
    /// <param name="error">Where messages go.</param>
    /// <returns>A task whose result is the exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var line = KeysCommandLine.Parse(args.AsSpan(1), out var problem);
        if (line.Help)
        {
            await output.WriteLineAsync(Usage);
            return Succeeded;
        }

        problem ??= line.Verb switch
        {
            "create" when line.Name is null => "create needs --name.",
            "create" when line.Role is null => "create needs --role (Viewer, Operator or Admin).",
            "create" => NewKeyRules.Check(line.Name, line.Role, line.Prefixes, out _) is { } invalid ? $"{invalid.Title}: {invalid.Detail}" : null,
            "revoke" when line.Name is null => "revoke needs --name.",
            "revoke" or "list" when line.Role is not null || line.Prefixes.Count > 0 => $"{line.Verb} takes no --role or --prefix.",
            "list" when line.Name is not null => "list takes no --name.",
            "create" or "list" or "revoke" => null,
            "" => "Say which command: create, list or revoke.",
            _ => $"Unknown command '{line.Verb}'.",
        };
        if (problem is not null)
        {
            await error.WriteLineAsync($"keys: {problem}");
            await error.WriteLineAsync("Run 'keys --help' for the usage.");
            return UsageError;
        }

        try
        {
            return await RunAsync(line, output, error);
        }
        catch (Exception ex) when (ex is StoreOpenException or OptionsValidationException or IOException or TimeoutException or DbException or NotSupportedException)
        {
            await error.WriteLineAsync($"keys {line.Verb}: {ex.Message}");
            return Failed;
        }
    }

    private static async Task<int> RunAsync(KeysCommandLine line, TextWriter output, TextWriter error)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. line.Configuration] });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddEventDashboard(builder.Configuration);
        await using var app = builder.Build();

        var store = app.Services.GetRequiredService<IValueStore>();
        await store.OpenAsync(CancellationToken.None);
        var keys = app.Services.GetRequiredService<AccessKeys>();
        await keys.LoadAsync(CancellationToken.None);
        switch (line.Verb)
        {
            case "create":
                NewKeyRules.Check(line.Name, line.Role, line.Prefixes, out var role);
                if (await keys.CreateAsync(line.Name!, role, line.Prefixes, CommandLineWho, CancellationToken.None) is not { } created)
                {
                    await error.WriteLineAsync($"keys create: a key named '{line.Name}' exists already; revoke it first, or choose another name.");
                    return Failed;
                }

                await output.WriteLineAsync(created.Secret);
                await error.WriteLineAsync($"Made key '{line.Name}' ({role}, {Scope(created.Key.Prefixes)}) in {store.Location}. Its secret, above, is shown this once: the store keeps only its SHA-256.");
                return Succeeded;
            case "revoke":
                var revoked = await keys.RevokeAsync(line.Name!, CommandLineWho, CancellationToken.None);
                await error.WriteLineAsync(revoked switch
                {
                    KeyRevocation.Revoked => $"Revoked key '{line.Name}' in {store.Location}.",
                    _ => $"keys revoke: {AccessKeys.Describe(revoked, line.Name!)}",
                });
                return revoked == KeyRevocation.Revoked ? Succeeded : Failed;
            default:
                await WriteListAsync(keys.List(), output);
                return Succeeded;
        }
    }

    private static async Task WriteListAsync(IReadOnlyList<AccessKey> keys, TextWriter output)
    {
        string[][] rows =
        [
            ["NAME", "ROLE", "SOURCE", "CREATED", "PREFIXES"],
            .. keys.Select(k => new[]
            {
                k.Name,
                k.Role.ToString(),
                k.CreatedAt is null ? "configuration" : "api",
                k.CreatedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-",
                Scope(k.Prefixes),
            }),
        ];
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            await output.WriteLineAsync(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }
    }

    private static string Scope(IReadOnlyList<string> prefixes) => prefixes.Count == 0 ? "every name" : string.Join(' ', prefixes);
}
