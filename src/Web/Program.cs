var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.Run();

/// <summary>The entry point, visible to tests through WebApplicationFactory.</summary>
public partial class Program;
