using System.Diagnostics.CodeAnalysis;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>
/// Lets one write (a commit or an import) into a store at a time, and closes for good when the store is disposed:
/// closing waits for the write in flight and is never released, so none starts after it.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The SemaphoreSlim never allocates a wait handle (only WaitAsync is used), so it holds nothing to dispose.")]
internal sealed class StoreWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _closing;

    /// <summary>Waits for the gate.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the caller may write; call <see cref="Exit"/> after.</returns>
    public Task EnterAsync(CancellationToken cancellationToken) => _gate.WaitAsync(cancellationToken);

    /// <summary>Lets the next write in.</summary>
    public void Exit() => _gate.Release();

    /// <summary>Waits for the write in flight and closes the gate.</summary>
    /// <returns>
    /// A task whose result is <see langword="true"/> for the first caller, who then closes the store; both the
    /// registry and the container dispose it, and the second must not wait forever.
    /// </returns>
    public async Task<bool> CloseAsync()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return false;
        }

        await _gate.WaitAsync();
        return true;
    }
}
