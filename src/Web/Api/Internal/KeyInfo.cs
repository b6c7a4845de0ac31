namespace EventDashboard.Web.Api.Internal;

/// <summary>An access key as <c>/api/keys</c> shows it: never its secret, except once, in <see cref="Secret"/>, when it is made.</summary>
/// <param name="Name">The key's name.</param>
/// <param name="Role">What it may do.</param>
/// <param name="Prefixes">The name prefixes it is limited to; empty for every name.</param>
/// <param name="Source"><c>configuration</c>, or <c>api</c> for a key made at run time.</param>
/// <param name="CreatedAt">When a runtime key was made.</param>
/// <param name="Secret">The secret, in the answer that made the key only.</param>
internal sealed record KeyInfo(string Name, string Role, IReadOnlyList<string> Prefixes, string Source, DateTimeOffset? CreatedAt, string? Secret = null);
