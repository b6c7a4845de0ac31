using System.Threading.Channels;

namespace EventDashboard.Benchmarks;

/// <summary>
/// The design we compare against: one newest-only channel (capacity 1, drop oldest) per watcher, and a Set
/// that writes into every channel. Correct, but every Set pays for every watcher, idle or not.
/// </summary>
internal sealed class ChannelFanout<T>
{
    private static readonly BoundedChannelOptions Options = new(1) { FullMode = BoundedChannelFullMode.DropOldest };
    private readonly List<Channel<T>> _channels = [];

    public ChannelReader<T> Watch()
    {
        var channel = Channel.CreateBounded<T>(Options);
        _channels.Add(channel);
        return channel.Reader;
    }

    public void Set(T value)
    {
        foreach (var channel in _channels)
        {
            channel.Writer.TryWrite(value);
        }
    }
}
