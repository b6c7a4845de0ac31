namespace EventDashboard.Tests.Unit.TestSupport;

/// <summary>
/// Safety nets for awaits in tests. They never synchronize anything: each bounds a wait that a correct
/// implementation completes on a signal, so a bug fails the test instead of hanging the run.
/// </summary>
internal static class TestTimeouts
{
    /// <summary>Generous enough for a loaded 2-core machine.</summary>
    public static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    public static Task<T> Within<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Safety);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Safety);

    public static Task Within(this Task task) => task.WaitAsync(Safety);

    public static Task Within(this ValueTask task) => task.AsTask().WaitAsync(Safety);

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds, failing after <see cref="Safety"/>. Only for states that raise
    /// no event a test could await (etcd lost or back); never as a stand-in for a signal the code under test has.
    /// </summary>
    public static async Task UntilAsync(Func<bool> condition)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        using var deadline = new CancellationTokenSource(Safety);
        while (!condition())
        {
            await timer.WaitForNextTickAsync(deadline.Token);
        }
    }
}
