namespace EventDashboard.Web.Auth;

/// <summary>
/// One access key of <see cref="AuthOptions.Keys"/>: a named secret with a role and, optionally, the name prefixes
/// it is limited to. It carries either <see cref="Secret"/> or <see cref="SecretSha256"/>, never both.
/// </summary>
public sealed class AccessKeyOptions
{
    /// <summary>Gets or sets the key's name, unique among the keys; history records it as who made a change.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets what the key may do.</summary>
    public AccessRole? Role { get; set; }

    /// <summary>
    /// Gets or sets the name prefixes the key is limited to (such as <c>service.</c>); empty or absent for every name.
    /// Outside them a read answers as if the value did not exist, and a write is refused.
    /// </summary>
    public IList<string> Prefixes { get; set; } = [];

    /// <summary>Gets or sets the secret a caller presents as <c>Authorization: Bearer &lt;secret&gt;</c>.</summary>
    public string? Secret { get; set; }

    /// <summary>
    /// Gets or sets the SHA-256 of the UTF-8 secret, in hex, instead of <see cref="Secret"/>, so that no plain
    /// secret sits in a configuration file.
    /// </summary>
    public string? SecretSha256 { get; set; }
}
