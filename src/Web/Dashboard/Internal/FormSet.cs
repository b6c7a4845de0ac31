using System.Text;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Http;

namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>
/// Every Set a dashboard form makes (create, edit, revert) goes through here, so that each is recorded with
/// source <c>ui</c> and the poster's address, with or without JavaScript.
/// </summary>
internal static class FormSet
{
    /// <summary>Sets a value from the JSON text an operator typed.</summary>
    public static SetOutcome Run(ValueRegistry registry, HttpContext context, string name, string? json, long expectedVersion) =>
        registry.Set(name, Encoding.UTF8.GetBytes(json ?? string.Empty), SetSource.Ui, Remote(context), expectedVersion);

    /// <summary>Sets a value back to a retained document (a revert).</summary>
    public static SetOutcome Run(ValueRegistry registry, HttpContext context, string name, System.Text.Json.JsonElement value, long expectedVersion) =>
        registry.Set(name, value, SetSource.Ui, Remote(context), expectedVersion);

    private static string? Remote(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
