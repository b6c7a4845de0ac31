namespace EventDashboard.Protocol;

/// <summary>The rule for names of hosted values, shared by the server and its clients.</summary>
public static class ValueName
{
    /// <summary>The longest name allowed.</summary>
    public const int MaxLength = 128;

    /// <summary>
    /// Tells whether <paramref name="name"/> is 1 to 128 letters, digits, '.', '_' or '-', other than "." and "..":
    /// those two are path segments that URL normalization removes, so no route could ever reach them.
    /// </summary>
    /// <param name="name">The name to check.</param>
    /// <returns><see langword="true"/> when the name is valid.</returns>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name is "." or "..")
        {
            return false;
        }

        return HasNameCharactersOnly(name);
    }

    /// <summary>
    /// Tells whether <paramref name="prefix"/> can start a name: empty (every name), or up to 128 of the characters
    /// a name may have. <c>app.</c> selects <c>app.db</c> and <c>app.db.url</c>, but not <c>apple</c>.
    /// </summary>
    /// <param name="prefix">The prefix to check.</param>
    /// <returns><see langword="true"/> when some name could start with it.</returns>
    public static bool IsValidPrefix(string? prefix) => prefix is not null && prefix.Length <= MaxLength && HasNameCharactersOnly(prefix);

    /// <summary>Explains why <paramref name="prefix"/> is not a valid prefix, for error messages.</summary>
    /// <param name="prefix">The rejected prefix.</param>
    /// <returns>A sentence for the user.</returns>
    public static string DescribePrefix(string? prefix) =>
        $"'{prefix}' is not a valid name prefix: use up to {MaxLength} characters of ASCII letters, digits, '.', '_' or '-'.";

    /// <summary>Explains why <paramref name="name"/> is not valid, for error messages.</summary>
    /// <param name="name">The rejected name.</param>
    /// <returns>A sentence for the user.</returns>
    public static string Describe(string? name) =>
        $"'{name}' is not a valid value name: use 1 to {MaxLength} characters of ASCII letters, digits, '.', '_' or '-' (but not '.' or '..' alone).";

    private static bool HasNameCharactersOnly(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
