using System.Globalization;
using EventDashboard.Protocol;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// Checks <see cref="AuthOptions"/> on start: every key complete and unambiguous, the limits in range, single sign-on
/// complete and safe.
/// </summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    /// <summary>The fewest characters a configured <c>Secret</c> may have.</summary>
    public const int MinSecretLength = 16;

    private const string Section = AuthOptions.SectionName;

    private readonly IConfiguration _configuration;

    public AuthOptionsValidator(IConfiguration configuration) => _configuration = configuration;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        // The binder silently drops an array element it cannot convert: a key with an unknown role would simply be
        // missing. The raw settings say which.
        var failures = new List<string>();
        foreach (var key in _configuration.GetSection($"{Section}:Keys").GetChildren())
        {
            if (key["Role"] is { Length: > 0 } text && !(Enum.TryParse<AccessRole>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)))
            {
                failures.Add($"{Section}:Keys:{key.Key}:Role is '{text}'; it must be Viewer, Operator or Admin.");
            }
        }

        if (failures.Count > 0)
        {
            return ValidateOptionsResult.Fail(failures);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            if (Describe(key) is { } problem)
            {
                failures.Add($"{Section}:Keys:{i.ToString(CultureInfo.InvariantCulture)} ({Label(key)}): {problem}");
            }
            else if (key.Secret is { Length: < MinSecretLength })
            {
                // Nothing limits how often a caller may try a key over the API (a per-address limit would lock out
                // everyone behind one proxy), so a secret must be too long to guess. Keys made at run time have 64
                // hex digits; a SecretSha256 hides its secret's length, which its owner chose.
                failures.Add($"{Section}:Keys:{i.ToString(CultureInfo.InvariantCulture)} ({Label(key)}): the Secret has {key.Secret.Length.ToString(CultureInfo.InvariantCulture)} characters; use at least {MinSecretLength.ToString(CultureInfo.InvariantCulture)} (for example: openssl rand -hex 32).");
            }
            else if (!names.Add(key.Name))
            {
                failures.Add($"{Section}:Keys:{i.ToString(CultureInfo.InvariantCulture)}: the name '{key.Name}' is used by another key; names must be unique.");
            }
        }

        if (options.RateLimit.WritesPerSecond < 1)
        {
            failures.Add($"{Section}:RateLimit:WritesPerSecond must be 1 or more, but it is {options.RateLimit.WritesPerSecond.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (options.RateLimit.SignInsPerMinute < 1)
        {
            failures.Add($"{Section}:RateLimit:SignInsPerMinute must be 1 or more, but it is {options.RateLimit.SignInsPerMinute.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (options.AllowAnonymous is { } role && (!Enum.IsDefined(role) || role == AccessRole.Admin))
        {
            failures.Add($"{Section}:AllowAnonymous must be Viewer or Operator.");
        }

        failures.AddRange(OidcValidator.Describe(options.Oidc));

        foreach (var origin in options.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.PathAndQuery != "/" || origin.EndsWith('/'))
            {
                failures.Add($"{Section}:AllowedOrigins: '{origin}' is not an origin such as https://ops.example.com (scheme, host and port only).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>What is wrong with one key, or <see langword="null"/> when it is usable. Never mentions the secret.</summary>
    public static string? Describe(AccessKeyOptions key)
    {
        if (string.IsNullOrWhiteSpace(key.Name))
        {
            return "Name is missing.";
        }

        if (key.Role is not { } role || !Enum.IsDefined(role))
        {
            return "Role must be Viewer, Operator or Admin.";
        }

        var hasSecret = !string.IsNullOrEmpty(key.Secret);
        var hasHash = !string.IsNullOrEmpty(key.SecretSha256);
        if (hasSecret == hasHash)
        {
            return hasSecret
                ? "give either Secret or SecretSha256, not both."
                : "Secret or SecretSha256 (the SHA-256 of the secret, in hex) is missing.";
        }

        if (hasHash && (key.SecretSha256!.Length != 64 || !key.SecretSha256.All(char.IsAsciiHexDigit)))
        {
            return "SecretSha256 must be 64 hex digits (the SHA-256 of the UTF-8 secret).";
        }

        foreach (var prefix in key.Prefixes)
        {
            if (prefix.Length == 0 || !ValueName.IsValidPrefix(prefix))
            {
                return prefix.Length == 0 ? "an empty prefix in Prefixes; leave Prefixes out for every name." : $"Prefixes: {ValueName.DescribePrefix(prefix)}";
            }
        }

        return null;
    }

    private static string Label(AccessKeyOptions key) => string.IsNullOrWhiteSpace(key.Name) ? "unnamed" : $"'{key.Name}'";
}
