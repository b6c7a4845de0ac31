using Microsoft.AspNetCore.Components;

namespace EventDashboard.Web.Dashboard.Pages.PageNotFound;

/// <summary>
/// What a browser sees for a path nothing serves: the router renders this page when no other matches, and
/// Internal/NotFoundHtmlPage answers such requests with a 404. It has a route because the router requires one.
/// </summary>
public sealed partial class PageNotFound
{
    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private string Path => "/" + Navigation.ToBaseRelativePath(Navigation.Uri);
}
