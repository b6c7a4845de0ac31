using System.Diagnostics;

namespace EventDashboard.Web.Values.Internal;

/// <summary>
/// A Set (or delete) the registry accepted and numbered, waiting in the commit queue until the store has made it
/// durable. Its completion carries the store's error, or <see langword="null"/> once it is durable and published.
/// </summary>
[DebuggerDisplay("{Record.Name} v{Record.Entry.Version} (log {Record.Index})")]
internal sealed class PendingSet
{
    private readonly TaskCompletionSource<Exception?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingSet(HostedValue target, SetRecord record, ValueState state)
    {
        Target = target;
        Record = record;
        State = state;
    }

    public HostedValue Target { get; }

    public SetRecord Record { get; }

    public ValueState State { get; }

    /// <summary>Gets a task whose result is <see langword="null"/> when the Set is durable and visible, or the error that lost it.</summary>
    public Task<Exception?> Done => _done.Task;

    public void Complete(Exception? error) => _done.TrySetResult(error);
}
