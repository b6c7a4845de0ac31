namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// The arguments of <c>keys &lt;verb&gt;</c>, split into the command's own options and the rest, which configure the
/// store exactly as they would configure the server (<c>--EventDashboard:Storage:Path /data</c>).
/// </summary>
internal sealed class KeysCommandLine
{
    private static readonly string[] HostOptions = ["--environment", "--contentRoot", "--applicationName"];

    private KeysCommandLine(string verb) => Verb = verb;

    /// <summary>Gets <c>create</c>, <c>list</c>, <c>revoke</c>, or what else was given.</summary>
    public string Verb { get; }

    public bool Help { get; private set; }

    public string? Name { get; private set; }

    public string? Role { get; private set; }

    public List<string> Prefixes { get; } = [];

    /// <summary>Gets the arguments for the configuration: every option with a ':' (or '__') in its name, and the host's.</summary>
    public List<string> Configuration { get; } = [];

    /// <summary>Reads the arguments after <c>keys</c>.</summary>
    /// <param name="args">The arguments after <c>keys</c>.</param>
    /// <param name="error">What is wrong with them, for the usage error; <see langword="null"/> when nothing is.</param>
    /// <returns>The command line.</returns>
    public static KeysCommandLine Parse(ReadOnlySpan<string> args, out string? error)
    {
        error = null;
        var line = new KeysCommandLine(args.Length > 0 && !args[0].StartsWith('-') ? args[0] : string.Empty);
        for (var i = line.Verb.Length > 0 ? 1 : 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                line.Help = true;
                continue;
            }

            // "--name ci" or "--name=ci".
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var option = equals > 0 ? arg[..equals] : arg;
            string? value = equals > 0 ? arg[(equals + 1)..] : i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[i + 1] : null;
            if (!option.StartsWith("--", StringComparison.Ordinal))
            {
                error ??= $"'{arg}' is not an option; options start with '--'.";
                continue;
            }

            if (value is null)
            {
                error ??= $"{option} needs a value.";
                continue;
            }

            if (equals < 0)
            {
                i++;
            }

            switch (option)
            {
                case "--name":
                    line.Name = value;
                    break;
                case "--role":
                    line.Role = value;
                    break;
                case "--prefix":
                    line.Prefixes.Add(value);
                    break;
                default:
                    if (option.Contains(':', StringComparison.Ordinal) || option.Contains("__", StringComparison.Ordinal) || HostOptions.Contains(option, StringComparer.OrdinalIgnoreCase))
                    {
                        line.Configuration.Add(option + "=" + value);
                    }
                    else
                    {
                        error ??= $"Unknown option {option}.";
                    }

                    break;
            }
        }

        return line;
    }
}
