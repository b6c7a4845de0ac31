using System.Globalization;
using EventDashboard.Web.Auth;
using EventDashboard.Web.Auth.Internal;
using EventDashboard.Web.Dashboard.Internal;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace EventDashboard.Web.Dashboard.Pages.Keys;

/// <summary>
/// Access keys for an Admin: every key, configured or made at run time (never a secret), a form that makes a key and
/// shows its secret once, and revocation of keys made at run time. It goes through the same <c>AccessKeys</c> as
/// <c>/api/keys</c> and <c>keys create</c>, so the rules, the store and the audit log are the same.
/// </summary>
public sealed partial class KeysPage
{
    [Inject]
    private AccessKeys Keys { get; set; } = default!;

    [Inject]
    private DashboardAccess Access { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private IReadOnlyList<AccessKey> Rows { get; set; } = [];

    private string? Name { get; set; }

    private AccessRole Role { get; set; } = AccessRole.Viewer;

    private string? Prefixes { get; set; }

    private string? NameError { get; set; }

    private string? PrefixError { get; set; }

    private string? Problem { get; set; }

    private (string Name, string Secret)? Created { get; set; }

    private bool Busy { get; set; }

    private string CountText => Rows.Count == 1 ? "1 key" : string.Create(CultureInfo.InvariantCulture, $"{Rows.Count} keys");

    /// <inheritdoc/>
    protected override void OnInitialized() => Rows = Access.CanManageKeys ? Keys.List() : [];

    private async Task CreateAsync()
    {
        NameError = PrefixError = Problem = null;
        var name = Name?.Trim() ?? string.Empty;
        string[] prefixes = [.. (Prefixes ?? string.Empty).Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        if (NewKeyRules.Check(name, Role.ToString(), prefixes, out var role) is { } invalid)
        {
            if (invalid.Title == NewKeyRules.InvalidPrefixes)
            {
                PrefixError = invalid.Detail;
            }
            else
            {
                NameError = invalid.Detail;
            }

            return;
        }

        if (RefuseChange() is { } refusal)
        {
            Problem = "No key was made: " + refusal;
            return;
        }

        Busy = true;
        try
        {
            var made = await Keys.CreateAsync(name, role, prefixes, Access.Principal?.Name, CancellationToken.None);
            if (made is not { } result)
            {
                NameError = $"A key named '{name}' exists already; revoke it first, or choose another name.";
                return;
            }

            Created = (name, result.Secret);
            Name = Prefixes = null;
            Role = AccessRole.Viewer;
            Rows = Keys.List();
        }
        catch (NotSupportedException ex)
        {
            Problem = ex.Message;
        }
        finally
        {
            Busy = false;
        }
    }

    private async Task RevokeAsync(AccessKey key)
    {
        Problem = null;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            $"Revoke {key.Name}?",
            $"Programs and people using the key '{key.Name}' are refused from their next request on, and their open hub connections are closed. This cannot be undone: a new key gets a new secret.",
            yesText: "Revoke",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        if (RefuseChange() is { } refusal)
        {
            Problem = "Nothing was revoked: " + refusal;
            return;
        }

        Busy = true;
        try
        {
            var outcome = await Keys.RevokeAsync(key.Name, Access.Principal?.Name, CancellationToken.None);
            Problem = outcome == KeyRevocation.Revoked ? null : AccessKeys.Describe(outcome, key.Name);
            if (outcome == KeyRevocation.Revoked)
            {
                Snackbar.Add($"Revoked the key {key.Name}.", Severity.Success);
            }

            Rows = Keys.List();
        }
        finally
        {
            Busy = false;
        }
    }

    // Checked at each change, not only when the page opened: the Admin's own key may have been revoked meanwhile.
    private string? RefuseChange() => Access.CanManageKeys ? null : "this needs an Admin key that is still valid and not limited to prefixes.";

    private async Task CopySecretAsync()
    {
        if (Created is not { } created)
        {
            return;
        }

        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", created.Secret);
            Snackbar.Add("Copied the secret.", Severity.Normal);
        }
        catch (JSException)
        {
            Snackbar.Add("The browser did not allow copying; select the secret and copy it by hand.", Severity.Warning);
        }
    }
}
