using EventDashboard.Web;
using EventDashboard.Web.Dashboard;
using EventDashboard.Web.Storage;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,

    // The build copies the repo-root wwwroot (with the npm-restored lib/) next to the app (Dashboard.targets),
    // so dotnet run, the tests' WebApplicationFactory and a started dll all serve the same files.
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});
builder.Services.AddEventDashboard(builder.Configuration);
builder.Services.AddDashboard();

var app = builder.Build();
app.MapEventDashboard();
app.MapDashboard();
try
{
    await app.RunAsync();
    return 0;
}
catch (StoreOpenException ex)
{
    // Not a crash: the data is there but cannot be used. Say which file and what to do, and nothing else.
    await Console.Error.WriteLineAsync($"EventDashboard cannot start: {ex.Message}");
    return 1;
}

/// <summary>The entry point, visible to tests through WebApplicationFactory.</summary>
public partial class Program;
