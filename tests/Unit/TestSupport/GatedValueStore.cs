using EventDashboard.Protocol;
using EventDashboard.Web.Storage.Internal;
using EventDashboard.Web.Values;

namespace EventDashboard.Tests.Unit.TestSupport;

/// <summary>
/// A store that can hold one commit until the test releases it. Sets accepted meanwhile queue behind it, so the
/// test decides which Sets the registry commits together as one group.
/// </summary>
internal sealed class GatedValueStore(IValueStore inner) : IValueStore
{
    private readonly Lock _lock = new();
    private Hold? _next;

    public string Location => inner.Location;

    /// <summary>Makes the next commit wait until <see cref="Hold.Release"/>.</summary>
    /// <returns>The hold: its <see cref="Hold.Entered"/> completes once that commit is waiting.</returns>
    public Hold HoldNextCommit()
    {
        lock (_lock)
        {
            _next = new Hold();
            return _next;
        }
    }

    public Task<StoreState> OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

    public async Task CommitAsync(IReadOnlyList<SetRecord> records, CancellationToken cancellationToken)
    {
        Hold? hold;
        lock (_lock)
        {
            hold = _next;
            _next = null;
        }

        if (hold is not null)
        {
            await hold.WaitAsync();
        }

        await inner.CommitAsync(records, cancellationToken);
    }

    public Task<ValueHistory?> ReadHistoryAsync(string name, int limit, CancellationToken cancellationToken) =>
        inner.ReadHistoryAsync(name, limit, cancellationToken);

    public Task<IReadOnlyList<SetRecord>> ReadLogAsync(long afterIndex, int limit, CancellationToken cancellationToken) =>
        inner.ReadLogAsync(afterIndex, limit, cancellationToken);

    public IAsyncEnumerable<SetRecord> ExportAsync(CancellationToken cancellationToken) => inner.ExportAsync(cancellationToken);

    public Task<StoreState> ImportAsync(IAsyncEnumerable<SetRecord> records, CancellationToken cancellationToken) =>
        inner.ImportAsync(records, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>One held commit.</summary>
    public sealed class Hold
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Gets a task that completes when the held commit has started waiting.</summary>
        public Task Entered => _entered.Task;

        public void Release() => _released.TrySetResult();

        internal Task WaitAsync()
        {
            _entered.TrySetResult();
            return _released.Task;
        }
    }
}
