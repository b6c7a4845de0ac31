using System.Globalization;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>The benchmark's command line.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Storage -- [options]
          --only sets|startup    run one part (default: both)
          --only cluster         two nodes on a 3-member etcd against one node on SQLite, with watchers, the
                                 etcd leader killed, and a node killed under failing-over .NET clients (not part
                                 of the default run)
          --duration 10s         measured time per target and setter count (sets; default 10s)
          --warmup 3s            unmeasured time before each measurement (sets; default 3s)
          --setters 1,16,64      concurrent setter counts (sets; cluster: default 1,16)
          --runs 5               measured restarts per store (startup)
          --values 100000        values to import, 10 Sets each (startup)
          --write-import FILE    write the import stream for --values to FILE and exit
        Durations: 500ms, 10s, 2m or a number of seconds.
        """;

    public bool Sets { get; private set; } = true;

    public bool Startup { get; private set; } = true;

    public bool Cluster { get; private set; }

    public IReadOnlyList<int> ClusterSetters { get; private set; } = [1, 16];

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(3);

    public IReadOnlyList<int> Setters { get; private set; } = [1, 16, 64];

    public int Runs { get; private set; } = 5;

    public int Values { get; private set; } = 100_000;

    public int SetsPerValue { get; } = 10;

    public string? WriteImport { get; private set; }

    /// <summary>Reads <paramref name="args"/>.</summary>
    /// <exception cref="ArgumentException">An option is unknown, lacks its value, or its value is not valid; the message says which.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{option} needs a value.");
            switch (option)
            {
                case "--only":
                    var only = Value();
                    (options.Sets, options.Startup, options.Cluster) = only switch
                    {
                        "sets" => (true, false, false),
                        "startup" => (false, true, false),
                        "cluster" => (false, false, true),
                        _ => throw new ArgumentException($"--only takes sets, startup or cluster, not '{only}'."),
                    };
                    break;
                case "--duration":
                    options.Duration = ParseDuration(option, Value());
                    break;
                case "--warmup":
                    options.Warmup = ParseDuration(option, Value());
                    break;
                case "--setters":
                    options.Setters = options.ClusterSetters = [.. Value().Split(',').Select(s => ParseCount(option, s, 1))];
                    break;
                case "--runs":
                    options.Runs = ParseCount(option, Value(), 1);
                    break;
                case "--values":
                    options.Values = ParseCount(option, Value(), 1);
                    break;
                case "--write-import":
                    options.WriteImport = Value();
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{option}'.");
            }
        }

        return options;
    }

    private static int ParseCount(string option, string text, int min) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= min
            ? count
            : throw new ArgumentException($"{option} takes a whole number of at least {min}, not '{text}'.");

    private static TimeSpan ParseDuration(string option, string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value * unit >= 0.1
            ? TimeSpan.FromSeconds(value * unit)
            : throw new ArgumentException($"{option} takes a duration of at least 100ms such as 500ms, 10s or 2m, not '{text}'.");
    }
}
