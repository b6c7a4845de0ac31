using System.ComponentModel.DataAnnotations;

namespace EventDashboard.Web.Storage;

/// <summary>
/// Where the server keeps its values, bound from <c>EventDashboard:Storage</c> and validated when the host starts.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "EventDashboard:Storage";

    /// <summary>The name of the database file inside <see cref="Path"/>.</summary>
    public const string DatabaseFileName = "eventdashboard.db";

    /// <summary>Gets or sets the store. The default is <see cref="StorageProvider.Sqlite"/>.</summary>
    [EnumDataType(typeof(StorageProvider))]
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// Gets or sets the data folder of the SQLite store, relative to the current directory unless absolute. A first
    /// run creates it. The default is <c>./data</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "data";

    /// <summary>Gets the etcd cluster of <see cref="StorageProvider.Etcd"/> (<c>EventDashboard:Storage:Etcd</c>).</summary>
    public EtcdStorageOptions Etcd { get; } = new();

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Provider == StorageProvider.Etcd ? Etcd.Validate() : [];
}
