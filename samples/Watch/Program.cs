// Watches a value of an EventDashboard server and sets one. Start the server first:
//   dotnet run --project src/Web
//   dotnet run --project samples/Watch -- http://localhost:5000/
using EventDashboard.Client;

var server = new Uri(args.Length > 0 ? args[0] : "http://localhost:5000/");
Console.WriteLine($"Connecting to {server} (the client retries until the server answers; Ctrl+C stops)");
await using var client = new EventDashboardClient(server);

// Set a value: every watcher, in a browser or another program, sees it at once.
await client.Value<string>("sample.greeting").SetAsync($"hello from {Environment.MachineName}");

// Watch the demo counter: the first Get is the current value, each later one waits for a newer value.
using var counter = client.Value<long>("demo.counter").Watch();
for (var i = 0; i < 5; i++)
{
    Console.WriteLine($"demo.counter = {await counter.GetAsync()}");
}
