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
}
