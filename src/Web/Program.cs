using EventDashboard.Web;
using EventDashboard.Web.Auth.Internal;
using EventDashboard.Web.Dashboard;
using EventDashboard.Web.Storage;

// "keys create|list|revoke": manage access keys in the configured store, then exit without serving.
if (KeysCommand.Matches(args))
{
    return await KeysCommand.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

// The dashboard's static files (ours, blazor.web.js, MudBlazor's) are static web assets. Outside Development a
// built app run from bin/ would not find them (publish output has them in its wwwroot either way).
builder.WebHost.UseStaticWebAssets();
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
catch (Exception ex) when (ex is StoreOpenException or UnsafeBindingException)
{
    // Not a crash: the data is there but cannot be used, or the server would be open to anyone. Say what and
    // what to do, and nothing else.
    await Console.Error.WriteLineAsync($"EventDashboard cannot start: {ex.Message}");
    return 1;
}

/// <summary>The entry point, visible to tests through WebApplicationFactory.</summary>
public partial class Program;
