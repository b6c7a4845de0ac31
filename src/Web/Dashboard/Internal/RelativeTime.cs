using System.Globalization;

namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>
/// Says how long ago something happened ("12 s ago"). The server renders it for pages read without JavaScript;
/// wwwroot/dashboard/time.js keeps the same wording current in the browser.
/// </summary>
internal static class RelativeTime
{
    public static string Format(DateTimeOffset then, DateTimeOffset now)
    {
        var seconds = (long)Math.Floor((now - then).TotalSeconds);
        return seconds switch
        {
            // A clock a little ahead of the server's is not "in the future" for a reader.
            < 1 => "just now",
            < 60 => Ago(seconds, "s"),
            < 3600 => Ago(seconds / 60, "min"),
            < 86400 => Ago(seconds / 3600, "h"),
            _ => Ago(seconds / 86400, "d"),
        };
    }

    private static string Ago(long amount, string unit) => string.Create(CultureInfo.InvariantCulture, $"{amount} {unit} ago");
}
