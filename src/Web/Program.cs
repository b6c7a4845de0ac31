using EventDashboard.Web;
using EventDashboard.Web.Dashboard;

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
app.Run();

/// <summary>The entry point, visible to tests through WebApplicationFactory.</summary>
public partial class Program;
