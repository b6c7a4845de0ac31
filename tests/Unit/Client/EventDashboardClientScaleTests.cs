using EventDashboard.Client;
using EventDashboard.Tests.Unit.TestSupport;

namespace EventDashboard.Tests.Unit.Client;

public sealed class EventDashboardClientScaleTests
{
    [Fact]
    public async Task Watch_HundredClientsOnOneValue_AllEndOnTheFinalVersionInOrder()
    {
        const int clients = 100;
        const int last = 300;
        await using var server = LoopbackServer.Start();
        await server.PutAsync("shared", 0);
        var all = Enumerable.Range(0, clients).Select(_ => new EventDashboardClient(server.BaseAddress)).ToList();
        try
        {
            var watchers = all.Select(c => c.Value<int>("shared").Watch()).ToList();
            foreach (var watcher in watchers)
            {
                Assert.Equal(0, await watcher.GetAsync().Within());
            }

            Assert.Equal(clients, server.Registry.GetWatcherCount("shared"));
            var readers = watchers.Select(watcher => Task.Run(async () =>
            {
                var seen = new List<int>();
                var current = 0;
                while (current != last)
                {
                    current = await watcher.GetAsync().Within();
                    seen.Add(current);
                }

                return seen;
            })).ToList();

            // Sets come over HTTP, as from another service.
            for (var i = 1; i <= last; i++)
            {
                await server.PutAsync("shared", i);
            }

            foreach (var seen in await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(60)))
            {
                Assert.Equal(last, seen[^1]);
                Assert.True(seen.SequenceEqual(seen.Order().Distinct()), "a client saw an older value after a newer one");
            }

            watchers.ForEach(w => w.Dispose());
        }
        finally
        {
            await Task.WhenAll(all.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
