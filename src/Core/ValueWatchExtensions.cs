using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace EventDashboard.Core;

/// <summary>Loops built on <see cref="IWatcher{T}.GetAsync(GetOptions{T}, CancellationToken)"/>.</summary>
public static class ValueWatchExtensions
{
    /// <summary>
    /// Writes the current value and then each newer one into <paramref name="writer"/> until cancelled, a Get
    /// fails or the writer refuses a value. The writer is never completed, so several values may pipe into one.
    /// With <see cref="GetOptions{T}.BacklogOnly"/> it returns once the pending values are written.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value to watch.</param>
    /// <param name="writer">Where to write values.</param>
    /// <param name="options">Options for each Get, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that ends as cancelled when <paramref name="cancellationToken"/> fires, or faults with the Get's or the writer's error.</returns>
    public static async Task PipeAsync<T>(this IValueWatch<T> value, ChannelWriter<T> writer, GetOptions<T>? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(writer);
        await foreach (var item in value.ReadAllAsync(options, cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Enumerates the current value and then each newer one, skipping values that were replaced before they
    /// were read. With <see cref="GetOptions{T}.BacklogOnly"/> the enumeration ends once no newer value is pending.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value to watch.</param>
    /// <param name="options">Options for each Get, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The values; the watcher behind them is disposed when the enumeration ends.</returns>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(this IValueWatch<T> value, GetOptions<T>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        options ??= GetOptions<T>.Default;
        using var watcher = value.Watch();
        while (true)
        {
            T item;
            try
            {
                item = await watcher.GetAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (BacklogDoneException) when (options.BacklogOnly)
            {
                yield break;
            }

            yield return item;
        }
    }
}
