using EventDashboard.Tests.Unit.TestSupport;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EventDashboard.Tests.Unit.Web.Dashboard;

/// <summary>
/// The real app in memory (<see cref="EventDashboardFactory"/>: demo values off) with a cookie-keeping client that, like a browser without
/// JavaScript, reads a page, fills one of its forms and posts it with the page's antiforgery token.
/// </summary>
public sealed class DashboardApp : IDisposable
{
    private readonly EventDashboardFactory _factory = new();

    public DashboardApp()
    {
        Client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    public HttpClient Client { get; }

    public ValueRegistry Registry => _factory.Get<ValueRegistry>();

    public void Set(string name, string json) =>
        Assert.True(Registry.Set(name, Encoding.UTF8.GetBytes(json), SetSource.Http, remote: null).Succeeded);

    /// <summary>Gets <paramref name="url"/>, sending <paramref name="accept"/> as the Accept header when given.</summary>
    public async Task<(HttpResponseMessage Response, IDocument Page)> GetAsync(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        var response = await Client.SendAsync(request);
        return (response, await ParseAsync(response));
    }

    /// <summary>Loads <paramref name="url"/>, fills the form named <paramref name="formName"/> and posts it.</summary>
    public async Task<(HttpResponseMessage Response, IDocument Page)> SubmitAsync(string url, string formName, IDictionary<string, string> fields)
    {
        var (_, page) = await GetAsync(url);
        var form = page.QuerySelectorAll("form")
            .Single(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null);
        var values = form.QuerySelectorAll("input[type=hidden]")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? string.Empty);
        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }

        using var content = new FormUrlEncodedContent(values);
        var response = await Client.PostAsync(new Uri(form.GetAttribute("action") ?? url, UriKind.RelativeOrAbsolute), content);
        return (response, await ParseAsync(response));
    }

    public void Dispose()
    {
        Client.Dispose();
        _factory.Dispose();
    }

    private static async Task<IDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
}
