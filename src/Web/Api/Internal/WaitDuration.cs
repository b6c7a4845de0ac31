using System.Globalization;

namespace EventDashboard.Web.Api.Internal;

/// <summary>
/// The <c>wait</c> parameter of a blocking query, written like Consul's: a sequence of numbers with units
/// (<c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>), such as <c>30s</c>, <c>5m</c> or <c>1m30s</c>; a bare number is seconds.
/// </summary>
internal static class WaitDuration
{
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan Max = TimeSpan.FromMinutes(10);

    /// <summary>Parses a wait, capping it at <see cref="Max"/> as Consul does.</summary>
    public static bool TryParse(string text, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        var rest = text.AsSpan().Trim();
        if (rest.IsEmpty)
        {
            return false;
        }

        if (long.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var bareSeconds))
        {
            wait = bareSeconds >= Max.TotalSeconds ? Max : TimeSpan.FromSeconds(bareSeconds);
            return true;
        }

        while (!rest.IsEmpty)
        {
            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            var unitLength = 0;
            while (digits + unitLength < rest.Length && char.IsAsciiLetter(rest[digits + unitLength]))
            {
                unitLength++;
            }

            if (digits == 0 || unitLength == 0)
            {
                return false;
            }

            TimeSpan unit;
            switch (rest.Slice(digits, unitLength))
            {
                case "ms": unit = TimeSpan.FromMilliseconds(1); break;
                case "s": unit = TimeSpan.FromSeconds(1); break;
                case "m": unit = TimeSpan.FromMinutes(1); break;
                case "h": unit = TimeSpan.FromHours(1); break;
                default: return false;
            }

            // Compared before multiplying: a number of hours can overflow TimeSpan, and a long number of any unit
            // is past the cap anyway (10 digits of milliseconds is over 11 days).
            var number = digits > 9 ? long.MaxValue : long.Parse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture);
            var part = number >= Max / unit ? Max : unit * number;
            wait = wait + part > Max ? Max : wait + part;
            rest = rest[(digits + unitLength)..];
        }

        return true;
    }

    /// <summary>Adds up to a sixteenth of the wait at random, so that many clients waiting alike do not return in step.</summary>
    public static TimeSpan WithJitter(TimeSpan wait, double random)
    {
        System.Diagnostics.Debug.Assert(random is >= 0 and < 1);
        return wait + (wait * (random / 16));
    }
}
