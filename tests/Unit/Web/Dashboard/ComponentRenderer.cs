using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventDashboard.Tests.Unit.Web.Dashboard;

/// <summary>
/// Renders a dashboard component to HTML with the framework's <see cref="HtmlRenderer"/>, as the server does,
/// and parses the result with AngleSharp for assertions.
/// </summary>
internal static class ComponentRenderer
{
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    public static async Task<IDocument> RenderAsync<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton<TimeProvider>(new FixedTimeProvider(Now))
            .BuildServiceProvider();
        await using var _ = services;
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });

        // Components render fragments (a <tr>, a <div>); a table context keeps rows from being dropped.
        var parser = new HtmlParser();
        var document = parser.ParseDocument(string.Empty);
        var context = html.TrimStart().StartsWith("<tr", StringComparison.Ordinal) ? "<table><tbody>" : string.Empty;
        document.Body!.InnerHtml = context + html;
        return document;
    }
}
