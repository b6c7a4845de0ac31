using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// The keys in force. They follow the configuration: a key removed from it (or given another secret) stops working
/// on the next request, and on an open hub connection at its next call.
/// </summary>
internal sealed class AccessKeys
{
    private readonly IOptionsMonitor<AuthOptions> _options;
    private (AuthOptions Source, AccessKey[] Keys) _current;

    public AccessKeys(IOptionsMonitor<AuthOptions> options)
    {
        _options = options;
        _current = (options.CurrentValue, Compile(options.CurrentValue));
    }

    /// <summary>Gets a value indicating whether any key is configured.</summary>
    public bool Any => Current.Length > 0;

    private AccessKey[] Current
    {
        get
        {
            // Options are rebuilt (a new instance) only when the configuration changes: compile once per change.
            var options = _options.CurrentValue;
            var current = _current;
            if (!ReferenceEquals(current.Source, options))
            {
                current = (options, Compile(options));
                _current = current;
            }

            return current.Keys;
        }
    }

    /// <summary>Finds the key whose secret is <paramref name="secret"/>.</summary>
    /// <remarks>
    /// Compares SHA-256 hashes in constant time and looks at every key whatever matches, so neither the time taken
    /// nor an early exit tells a caller how close a guess was or which key it matched.
    /// </remarks>
    public AccessKey? Find(string secret)
    {
        var hash = AccessKey.Hash(secret);
        AccessKey? found = null;
        foreach (var key in Current)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.SecretHash))
            {
                found = key;
            }
        }

        return found;
    }

    /// <summary>Tells whether the key named <paramref name="name"/> still has the secret hashed as <paramref name="secretHash"/>.</summary>
    public bool IsCurrent(string name, ReadOnlySpan<byte> secretHash)
    {
        foreach (var key in Current)
        {
            if (key.Name == name)
            {
                return CryptographicOperations.FixedTimeEquals(secretHash, key.SecretHash);
            }
        }

        return false;
    }

    // Validation ran on start; a reload that breaks a key keeps the rest working rather than failing every request.
    private static AccessKey[] Compile(AuthOptions options) =>
        [.. options.Keys.Where(k => AuthOptionsValidator.Describe(k) is null).Select(AccessKey.From)];
}
