using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace EventDashboard.Web.Api.Internal;

/// <summary>
/// The <c>If-Match</c> header of a Set, read as compare-and-set (RFC 9110, section 13.1.1): one version in quotes,
/// such as <c>"3"</c> (<c>"0"</c>: never set), or <c>*</c>: any version, so only a value that has been set.
/// </summary>
/// <param name="Version">The version the value must have; <see langword="null"/> for <c>*</c>.</param>
internal sealed record IfMatch(long? Version)
{
    /// <summary>Gets a value indicating whether the header is <c>*</c>.</summary>
    public bool Any => Version is null;

    /// <summary>Gets the registry's expected version for this condition.</summary>
    public long ExpectedVersion => Version ?? Values.ValueRegistry.AnyExistingVersion;

    /// <summary>
    /// Parses the header. A list of versions is refused rather than read as "any of them": the registry compares
    /// against a single version, as the hub's Set does, and one condition means one meaning everywhere.
    /// </summary>
    /// <param name="header">The header's values.</param>
    /// <param name="condition">The condition, when the header is accepted.</param>
    /// <param name="error">Why the header is refused, for the problem's detail.</param>
    /// <returns>Whether the header is accepted.</returns>
    public static bool TryParse(StringValues header, [NotNullWhen(true)] out IfMatch? condition, [NotNullWhen(false)] out string? error)
    {
        condition = null;
        error = null;
        if (EntityTagHeaderValue.TryParseStrictList(header, out var tags))
        {
            if (tags.Count > 1)
            {
                error = $"If-Match lists {tags.Count} versions, but a Set compares against one: send the version you read, such as \"3\", or * for any version.";
                return false;
            }

            if (tags.Count == 1 && tags[0].Equals(EntityTagHeaderValue.Any))
            {
                condition = new IfMatch(Version: null);
                return true;
            }

            if (tags.Count == 1 && !tags[0].IsWeak && TryParseVersion(tags[0].Tag.AsSpan(1, tags[0].Tag.Length - 2), out var version))
            {
                condition = new IfMatch(version);
                return true;
            }
        }
        else if (TryParseVersion(header.ToString().AsSpan().Trim(), out var bare))
        {
            // A bare number, as people type it with curl.
            condition = new IfMatch(bare);
            return true;
        }

        error = $"If-Match must be one version in quotes, such as \"3\" (\"0\" for a value never set), or * for any version, but it is '{header}'.";
        return false;
    }

    private static bool TryParseVersion(ReadOnlySpan<char> text, out long version) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version);
}
