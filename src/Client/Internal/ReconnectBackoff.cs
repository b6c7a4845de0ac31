namespace EventDashboard.Client.Internal;

/// <summary>The wait before a reconnection attempt.</summary>
internal static class ReconnectBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The first attempt after losing a connection is immediate (a server restart is usually quick); then
    /// 100 ms doubling up to <paramref name="max"/>, shortened by up to a quarter at random so that many
    /// clients of one restarted server do not come back in step.
    /// </summary>
    /// <param name="attempt">Attempts that failed in a row, from 0.</param>
    /// <param name="max">The longest wait.</param>
    /// <param name="random">A number in [0, 1) that picks the jitter.</param>
    /// <returns>The wait.</returns>
    public static TimeSpan Delay(int attempt, TimeSpan max, double random)
    {
        if (attempt <= 0)
        {
            return TimeSpan.Zero;
        }

        var wait = attempt > 20 ? max : First * Math.Pow(2, attempt - 1);
        if (wait > max)
        {
            wait = max;
        }

        return wait * (1 - (0.25 * random));
    }
}
