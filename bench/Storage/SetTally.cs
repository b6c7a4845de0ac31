using System.Diagnostics;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>The counted Sets of a closed-loop load: each setter's answer latencies, its errors, and the first error of all.</summary>
internal sealed class SetTally
{
    private readonly List<double>[] _latencies;
    private readonly long[] _errors;
    private string? _firstError;

    public SetTally(int setters)
    {
        _latencies = [.. Enumerable.Range(0, setters).Select(_ => new List<double>(1 << 16))];
        _errors = new long[setters];
    }

    /// <summary>Gets the first error any setter had, when there were any.</summary>
    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>Gets how many counted Sets failed.</summary>
    public long Errors => _errors.Sum();

    /// <summary>Counts one Set of <paramref name="setter"/> (only that setter's task calls this for it): its latency, or its error.</summary>
    public void Add(int setter, long sent, long answered, string? error)
    {
        if (error is null)
        {
            _latencies[setter].Add(Stopwatch.GetElapsedTime(sent, answered).TotalMilliseconds);
        }
        else
        {
            _errors[setter]++;
            Interlocked.CompareExchange(ref _firstError, error, null);
        }
    }

    /// <summary>Every counted latency, ms, sorted; call it once the setters have stopped.</summary>
    public double[] SortedLatencies() => [.. _latencies.SelectMany(l => l).Order()];
}
