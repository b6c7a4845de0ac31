namespace EventDashboard.Core;

public sealed partial class MemoryValue<T>
{
    /// <summary>
    /// A parked Get that <see cref="SetWakingOneInline"/> handed to its caller: it holds its value already, and
    /// <see cref="Run"/> completes it on the calling thread. Empty when no Get was parked.
    /// </summary>
    internal readonly struct InlineWake
    {
        private readonly Waiter? _waiter;

        internal InlineWake(Waiter? waiter)
        {
            _waiter = waiter;
        }

        /// <summary>Completes the Get, running its continuation here; call once, holding no lock.</summary>
        public void Run() => _waiter?.CompleteInline();
    }
}
