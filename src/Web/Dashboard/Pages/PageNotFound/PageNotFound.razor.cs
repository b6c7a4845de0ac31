using Microsoft.AspNetCore.Http;

namespace EventDashboard.Web.Dashboard.Pages.PageNotFound;

/// <summary>
/// What a browser sees, with a 404, for a path nothing serves: the App's router renders this page when no other
/// matches (Internal/NotFoundHtmlPage sends those requests to it). It has a route of its own because the router
/// requires one of its not-found page.
/// </summary>
public sealed partial class PageNotFound
{
    /// <inheritdoc/>
    protected override void OnInitialized() => RespondWith(StatusCodes.Status404NotFound);
}
