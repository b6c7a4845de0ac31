using System.Diagnostics;
using EventDashboard.Web.Auth;
using EventDashboard.Web.Auth.Internal;
using EventDashboard.Web.Values;
using Microsoft.AspNetCore.Components.Authorization;

namespace EventDashboard.Web.Dashboard.Internal;

/// <summary>
/// What the person at this dashboard circuit may see and do: the principal the circuit was opened with (its sign-in
/// cookie, or the anonymous role), which names they may read, whether they may write, and who history records for
/// their changes. Pages hide what the principal may not do, and every write asks <see cref="RefuseWrite"/> again, so
/// a key revoked while its page stays open stops writing at once.
/// </summary>
internal sealed class DashboardAccess
{
    private readonly AccessKeys _keys;
    private readonly AccessMode _mode;
    private readonly AuthenticationStateProvider _authentication;
    private AccessPrincipal? _circuit;
    private bool _resolved;
    private AccessKey? _key;
    private AccessPrincipal? _current;

    public DashboardAccess(AccessKeys keys, AccessMode mode, AuthenticationStateProvider authentication)
    {
        _keys = keys;
        _mode = mode;
        _authentication = authentication;
    }

    /// <summary>
    /// Gets the principal of this circuit as it stands now, or <see langword="null"/> when it has none or its key is
    /// no longer valid (nothing may be read). A circuit lives as long as its tab, while a key can be revoked or
    /// reconfigured meanwhile: so for a key the role and prefixes are those the key has now, as a request's are.
    /// </summary>
    public AccessPrincipal? Principal
    {
        get
        {
            if (!_resolved)
            {
                _circuit = Resolve();
                _resolved = true;
            }

            if (_circuit is not { Name: { } name, KeyHash: { } hash })
            {
                return _circuit;
            }

            if (_keys.FindCurrent(name, hash) is not { } key)
            {
                return null;
            }

            // Keys are compiled once per configuration change, so the same instance means the same role and prefixes.
            if (!ReferenceEquals(key, _key))
            {
                _current = AccessPrincipal.From(AccessPrincipal.ForKey(key, bearer: false));
                _key = key;
            }

            return _current;
        }
    }

    /// <summary>Gets a value indicating whether the principal may change values (and so sees the controls that do).</summary>
    public bool CanWrite => Principal is { Role: >= AccessRole.Operator };

    /// <summary>Gets a value indicating whether the principal may manage access keys.</summary>
    public bool CanManageKeys => Principal is { Role: AccessRole.Admin, Prefixes.Count: 0 };

    /// <summary>Gets a value indicating whether someone signed in (with a key or through OpenID Connect), rather than being anonymous.</summary>
    public bool IsSignedIn => Principal is { Name: not null };

    /// <summary>Gets a value indicating whether keys or single sign-on exist, so that signing in means something.</summary>
    public bool CanSignIn => _mode.ChecksCredentials;

    /// <summary>Tells whether the principal may see the value <paramref name="name"/>.</summary>
    public bool CanRead(string name) => Principal?.Covers(name) == true;

    /// <summary>Why the principal may not change <paramref name="name"/> now, or <see langword="null"/> when it may.</summary>
    public string? RefuseWrite(string name)
    {
        if (Principal is not { } principal)
        {
            return _circuit is { KeyHash: not null } revoked ? AccessDenial.Revoked(revoked).Detail : AccessDenial.NoCredential.Detail;
        }

        if (principal.Role < AccessRole.Operator)
        {
            return AccessDenial.RoleTooLow(principal, AccessRole.Operator).Detail;
        }

        return principal.Covers(name) ? null : AccessDenial.OutsidePrefixes(principal, name).Detail;
    }

    /// <summary>How a change made here is recorded: from the dashboard, by the signed-in key or person.</summary>
    public SetOrigin Origin(string? note = null) => new(SetSource.Ui, Remote: null, Who: Principal?.Name, Note: note);

    private AccessPrincipal? Resolve()
    {
        // The host sets a circuit's authentication state before any component renders (from the request of the
        // prerender, then from the circuit's connection), so the task has completed; were it not, nothing is shown.
        var state = _authentication.GetAuthenticationStateAsync();
        Debug.Assert(state.IsCompletedSuccessfully, "The authentication state of a circuit is known before its components render.");
        return state.IsCompletedSuccessfully ? AccessPrincipal.From(state.Result.User) : null;
    }
}
