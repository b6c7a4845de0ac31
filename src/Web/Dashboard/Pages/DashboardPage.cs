using System.Text;
using System.Text.Json;
using EventDashboard.Client;
using EventDashboard.Web.Dashboard.Internal;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace EventDashboard.Web.Dashboard.Pages;

/// <summary>
/// The base of the dashboard's pages. Every Set a page's form makes (create, edit, revert) goes through here, so
/// that each is recorded with source <c>ui</c> and the poster's address, with or without JavaScript.
/// </summary>
public abstract class DashboardPage : ComponentBase
{
    [Inject]
    private protected ValueRegistry Registry { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>Gets or sets the request; pages render on the server only.</summary>
    [CascadingParameter]
    private protected HttpContext HttpContext { get; set; } = default!;

    /// <summary>Sets a value from the JSON text an operator typed.</summary>
    private protected Task<SetOutcome> SetFromUiAsync(string name, string? json, long expectedVersion) =>
        Registry.SetAsync(name, Encoding.UTF8.GetBytes(json ?? string.Empty), Origin, expectedVersion).AsTask();

    /// <summary>Sets a value back to a retained document (a revert).</summary>
    private protected Task<SetOutcome> SetFromUiAsync(string name, JsonElement value, long expectedVersion) =>
        Registry.SetAsync(name, value, Origin, expectedVersion).AsTask();

    /// <summary>Redirects to the value's page, which then says which version the Set made (post, redirect, get).</summary>
    private protected void ShowSaved(ValueSnapshot saved) => Navigation.NavigateTo(ValueLinks.Details(saved.Name, saved.Version));

    /// <summary>Answers with <paramref name="statusCode"/> and the rendered page, which explains it.</summary>
    /// <remarks>
    /// The status goes out with the headers, after the page is rendered: a status set during rendering makes the
    /// Razor component endpoint drop the body (it expects status code pages to re-execute the request), and the
    /// page's body is the explanation the operator needs.
    /// </remarks>
    private protected void RespondWith(int statusCode) =>
        HttpContext.Response.OnStarting(() =>
        {
            HttpContext.Response.StatusCode = statusCode;
            return Task.CompletedTask;
        });

    private SetOrigin Origin => new(SetSource.Ui, HttpContext.Connection.RemoteIpAddress?.ToString());
}
