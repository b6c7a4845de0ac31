using System.Security.Cryptography;
using EventDashboard.Web.Storage.Internal;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// The keys in force: those of the configuration, and those made at run time (kept, hashed, in the store). Configured
/// keys follow the configuration: a key removed from it (or given another secret) stops working on the next request;
/// a revoked runtime key does the same. Every change raises <see cref="Changed"/>, with which open hub connections
/// of a key that was revoked or changed are closed.
/// </summary>
internal sealed partial class AccessKeys : IDisposable
{
    private readonly IOptionsMonitor<AuthOptions> _options;
    private readonly IValueStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<AccessKeys> _logger;
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly IDisposable? _optionsChanges;
    private (AuthOptions Source, AccessKey[] Keys) _configured;
    private AccessKey[] _stored = [];

    // Whether the store hands the stored keys (a shared store), rather than this server keeping them up to date.
    private bool _followed;

    public AccessKeys(IOptionsMonitor<AuthOptions> options, IValueStore store, TimeProvider time, ILogger<AccessKeys> logger)
    {
        _logger = logger;
        _options = options;
        _store = store;
        _time = time;
        _configured = (options.CurrentValue, Compile(options.CurrentValue));
        _optionsChanges = options.OnChange(_ => Changed?.Invoke());
    }

    /// <summary>
    /// Raised after the keys in force changed: the configuration was reloaded, or a key was made or revoked (here, or
    /// on another server of a shared store). Handlers run on the thread that made the change and must not block.
    /// </summary>
    public event Action? Changed;

    /// <summary>Gets a value indicating whether any key is configured or stored.</summary>
    public bool Any => Configured.Length > 0 || Volatile.Read(ref _stored).Length > 0;

    private AccessKey[] Configured
    {
        get
        {
            // Options are rebuilt (a new instance) only when the configuration changes: compile once per change.
            var options = _options.CurrentValue;
            var current = _configured;
            if (!ReferenceEquals(current.Source, options))
            {
                current = (options, Compile(options));
                _configured = current;
            }

            return current.Keys;
        }
    }

    private AccessKey[] All => [.. Configured, .. Volatile.Read(ref _stored)];

    /// <summary>Reads the stored keys; the host calls it once the store is open, before it takes requests.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the stored keys are in force.</returns>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (_store is ISharedValueStore shared)
        {
            // Other servers make and revoke keys too: the store hands every change, this server's own included,
            // so that a key revoked anywhere stops working here (and changes are never applied twice, out of order).
            _followed = true;
            shared.FollowKeys(stored => SetStored([.. stored.Select(AccessKey.From)]));
            return;
        }

        var stored = await _store.ReadKeysAsync(cancellationToken);
        SetStored([.. stored.Select(AccessKey.From)]);
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
        foreach (var key in All)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.SecretHash))
            {
                found = key;
            }
        }

        return found;
    }

    /// <summary>Tells whether the key named <paramref name="name"/> still has the secret hashed as <paramref name="secretHash"/>.</summary>
    public bool IsCurrent(string name, ReadOnlySpan<byte> secretHash) => FindCurrent(name, secretHash) is not null;

    /// <summary>
    /// Finds the key named <paramref name="name"/> if it still has the secret hashed as <paramref name="secretHash"/>:
    /// a sign-in cookie names its key this way, so that the key's role and prefixes as they are now apply, and a
    /// revoked key (or one given a new secret) no longer signs anyone in.
    /// </summary>
    public AccessKey? FindCurrent(string name, ReadOnlySpan<byte> secretHash)
    {
        foreach (var key in All)
        {
            if (key.Name == name)
            {
                return CryptographicOperations.FixedTimeEquals(secretHash, key.SecretHash) ? key : null;
            }
        }

        return null;
    }

    /// <summary>Gets every key, configured and stored, sorted by name.</summary>
    public IReadOnlyList<AccessKey> List() => [.. All.OrderBy(k => k.Name, StringComparer.Ordinal)];

    /// <summary>Makes a key with a new random secret and stores it, hashed; the audit log records <paramref name="who"/> made it.</summary>
    /// <returns>The key and its secret, which nothing keeps; <see langword="null"/> when a key of that name exists.</returns>
    public async Task<(AccessKey Key, string Secret)?> CreateAsync(string name, AccessRole role, IReadOnlyList<string> prefixes, string? who, CancellationToken cancellationToken)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var stored = new StoredAccessKey(name, role, prefixes, AccessKey.Hash(secret), _time.GetUtcNow());
        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (Configured.Any(k => k.Name == name) || !await _store.AddKeyAsync(stored, cancellationToken))
            {
                return null;
            }

            var key = AccessKey.From(stored);
            if (!_followed)
            {
                SetStored([.. _stored, key]);
            }

            LogKeyCreated(_logger, name, role, who);
            return (key, secret);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Revokes a stored key: removed from the store, it stops working at once; the audit log records <paramref name="who"/> revoked it.</summary>
    /// <returns>What happened.</returns>
    public async Task<KeyRevocation> RevokeAsync(string name, string? who, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (Configured.Any(k => k.Name == name))
            {
                return KeyRevocation.Configured;
            }

            if (Configured.Length == 0 && !_options.CurrentValue.Oidc.IsEnabled && Volatile.Read(ref _stored) is [{ } only] && only.Name == name)
            {
                return KeyRevocation.LastKey;
            }

            if (!await _store.RemoveKeyAsync(name, cancellationToken))
            {
                return KeyRevocation.NotFound;
            }

            if (!_followed)
            {
                SetStored([.. _stored.Where(k => k.Name != name)]);
            }

            LogKeyRevoked(_logger, name, who);
            return KeyRevocation.Revoked;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Why a revocation did nothing, in the words the API, the dashboard and the command line all use.</summary>
    public static string Describe(KeyRevocation outcome, string name) => outcome switch
    {
        KeyRevocation.Revoked => $"Revoked the key '{name}'.",
        KeyRevocation.Configured => $"The key '{name}' is configured in {AuthOptions.SectionName}:Keys; remove it there.",
        KeyRevocation.LastKey => $"The key '{name}' is the only credential this server has; without it anyone on this machine could change every value. Make another key (or configure one) first.",
        _ => $"There is no key named '{name}'.",
    };

    public void Dispose()
    {
        _optionsChanges?.Dispose();
        _changes.Dispose();
    }

    private void SetStored(AccessKey[] keys)
    {
        Volatile.Write(ref _stored, keys);
        Changed?.Invoke();
    }

    // Validation ran on start; a reload that breaks a key keeps the rest working rather than failing every request.
    private static AccessKey[] Compile(AuthOptions options) =>
        [.. options.Keys.Where(k => AuthOptionsValidator.Describe(k) is null).Select(AccessKey.From)];
}
