using System.Globalization;

namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>The dashboard's URLs, relative to the page's <c>&lt;base href="/"&gt;</c>.</summary>
internal static class ValueLinks
{
    /// <summary>Gets the detail page of a value.</summary>
    public static string Details(string name) => "values/" + Uri.EscapeDataString(name);

    /// <summary>Gets the detail page of a value after a Set from the dashboard made <paramref name="savedVersion"/>.</summary>
    public static string Details(string name, long savedVersion) =>
        string.Create(CultureInfo.InvariantCulture, $"{Details(name)}?saved={savedVersion}");
}
