using EventDashboard.Protocol;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>What a key made at run time must be, whether over <c>POST /api/keys</c> or with <c>keys create</c>.</summary>
internal static class NewKeyRules
{
    /// <summary>The title of the answer about prefixes, so that a form can show it beside the prefixes field.</summary>
    public const string InvalidPrefixes = "Invalid prefixes";

    /// <summary>Checks a new key's name, role and prefixes.</summary>
    /// <param name="name">The name asked for.</param>
    /// <param name="role">The role asked for, as text.</param>
    /// <param name="prefixes">The prefixes asked for; empty for every name.</param>
    /// <param name="parsed">The role, when it is one.</param>
    /// <returns><see langword="null"/> when the key may be made; otherwise a title and a detail that say what is wrong.</returns>
    public static (string Title, string Detail)? Check(string? name, string? role, IReadOnlyList<string> prefixes, out AccessRole parsed)
    {
        parsed = default;
        if (name is null || !ValueName.IsValid(name))
        {
            return ("Invalid key name", $"A key needs a name of 1 to {ValueName.MaxLength} characters of ASCII letters, digits, '.', '_' or '-', but it is '{name}'.");
        }

        // Enum.TryParse takes numbers ("1") and lists ("Viewer,Admin") too: only the three names are roles.
        if (!Enum.TryParse(role, ignoreCase: true, out parsed) || !Enum.IsDefined(parsed) || role!.All(char.IsAsciiDigit))
        {
            return ("Invalid role", $"role must be Viewer, Operator or Admin, but it is '{role}'.");
        }

        if (AuthOptionsValidator.Describe(new AccessKeyOptions { Name = name, Role = parsed, Prefixes = [.. prefixes], Secret = "-" }) is { } problem)
        {
            return (InvalidPrefixes, problem);
        }

        return null;
    }
}
