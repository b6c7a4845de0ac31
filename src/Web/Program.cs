using EventDashboard.Web;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddEventDashboard(builder.Configuration);

var app = builder.Build();
app.MapEventDashboard();
app.Run();

/// <summary>The entry point, visible to tests through WebApplicationFactory.</summary>
public partial class Program;
