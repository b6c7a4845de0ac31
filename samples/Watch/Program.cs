// Watches a value of an EventDashboard server and sets one, with the client from dependency injection.
// Start the server first:
//   dotnet run --project src/Web
//   dotnet run --project samples/Watch -- http://localhost:5000/
// The address can also come from configuration (EventDashboard:Client:ServerUrl, for example the environment
// variable EventDashboard__Client__ServerUrl), with AccessKey and Transport beside it.
using EventDashboard.Client;
using EventDashboard.Samples.Watch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder();
builder.Configuration.AddInMemoryCollection([
    KeyValuePair.Create<string, string?>("EventDashboard:Client:ServerUrl", args.Length > 0 ? args[0] : builder.Configuration["EventDashboard:Client:ServerUrl"] ?? "http://localhost:5000/"),
]);

// The sample prints the connection's state itself (ConnectionReporter). The SignalR client logs every failed
// connection attempt as an error with a stack trace, and the EventDashboard client each retry as a warning: while the
// server is down that is one entry per attempt, so the sample shows only worse.
builder.Logging
    .AddFilter("Microsoft.AspNetCore.Http.Connections.Client", LogLevel.Critical)
    .AddFilter("Microsoft.AspNetCore.SignalR.Client", LogLevel.Critical)
    .AddFilter("EventDashboard", LogLevel.Error)
    .AddFilter("Microsoft", LogLevel.Warning);

builder.Services.AddEventDashboardClient(builder.Configuration);
builder.Services.AddHostedService<ConnectionReporter>();
builder.Services.AddHostedService<CounterWatcher>();
await builder.Build().RunAsync();
