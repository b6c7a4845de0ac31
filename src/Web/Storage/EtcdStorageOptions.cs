using System.ComponentModel.DataAnnotations;

namespace EventDashboard.Web.Storage;

/// <summary>
/// The etcd cluster that keeps the values when <see cref="StorageOptions.Provider"/> is <see cref="StorageProvider.Etcd"/>,
/// bound from <c>EventDashboard:Storage:Etcd</c> and validated when the host starts.
/// </summary>
public sealed class EtcdStorageOptions
{
    /// <summary>The prefix used when none is configured.</summary>
    public const string DefaultPrefix = "eventdashboard/";

    /// <summary>Gets or sets the members' client URLs, comma-separated, e.g. <c>http://127.0.0.1:2379,http://127.0.0.1:22379</c>.</summary>
    public string? Endpoints { get; set; }

    /// <summary>
    /// Gets or sets the prefix of every key the store writes. Servers with the same prefix share one store. The
    /// default is <c>eventdashboard/</c>.
    /// </summary>
    public string Prefix { get; set; } = DefaultPrefix;

    /// <summary>
    /// Gets or sets the deadline of every request to etcd: a Set that etcd has not committed by then fails with 503.
    /// The default is 5 seconds.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the endpoints as a list.</summary>
    /// <returns>The URLs, trimmed, without empty entries.</returns>
    public IReadOnlyList<string> EndpointList() =>
        (Endpoints ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    internal IEnumerable<ValidationResult> Validate()
    {
        const string Section = "EventDashboard:Storage:Etcd";
        var endpoints = EndpointList();
        if (endpoints.Count == 0)
        {
            yield return new ValidationResult(
                $"{Section}:Endpoints is required with the Etcd provider: the members' client URLs, comma-separated (e.g. http://127.0.0.1:2379).",
                [nameof(Endpoints)]);
        }

        foreach (var endpoint in endpoints)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            {
                yield return new ValidationResult(
                    $"{Section}:Endpoints has '{endpoint}', which is not an etcd client URL: write http://host:port (or https://).",
                    [nameof(Endpoints)]);
            }
        }

        if (string.IsNullOrEmpty(Prefix) || !Prefix.EndsWith('/'))
        {
            yield return new ValidationResult($"{Section}:Prefix must end with '/' (the default is '{DefaultPrefix}'), so that one store's keys never share a prefix with another's.", [nameof(Prefix)]);
        }

        if (RequestTimeout < TimeSpan.FromMilliseconds(100) || RequestTimeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult($"{Section}:RequestTimeout must be between 00:00:00.1 and 00:05:00.", [nameof(RequestTimeout)]);
        }
    }
}
