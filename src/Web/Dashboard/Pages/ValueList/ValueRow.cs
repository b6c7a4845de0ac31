using System.Text.Encodings.Web;
using System.Text.Json;
using EventDashboard.Protocol;
using EventDashboard.Web.Dashboard.Internal;

namespace EventDashboard.Web.Dashboard.Pages.ValueList;

/// <summary>
/// One row of the values grid: a value's snapshot and the texts the grid shows and searches. The texts are made on
/// first use and kept while the version stays the same, so a virtualized grid of 10,000 values formats only the rows
/// it shows (and, while the value filter is on, each version once).
/// </summary>
/// <remarks>A class, not a record: the grid compares rows, and reference equality is what identifies a row here.</remarks>
internal sealed class ValueRow
{
    // As the preview: non-ASCII text and quotes as themselves, so a search for "é" finds "\u00e9" as typed in a Set.
    private static readonly JsonSerializerOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private string? _preview;
    private string? _text;

    private ValueRow(ValueSnapshot snapshot, string? preview, string? text)
    {
        Snapshot = snapshot;
        Folder = FolderOf(snapshot.Name);
        _preview = preview;
        _text = text;
    }

    /// <summary>The folder label of names without a dot.</summary>
    public const string TopLevel = "";

    public ValueSnapshot Snapshot { get; }

    public string Name => Snapshot.Name;

    /// <summary>Gets the name's first dot-separated segment (<c>app</c> for <c>app.db.url</c>), or <see cref="TopLevel"/>.</summary>
    public string Folder { get; }

    public long Version => Snapshot.Version;

    public int Watchers => Snapshot.Watchers;

    public DateTimeOffset UpdatedAt => Snapshot.UpdatedAt;

    /// <summary>Gets the value on one line, cut to <see cref="JsonText.PreviewLength"/> characters.</summary>
    public string Preview => _preview ??= JsonText.Preview(Snapshot.Value);

    /// <summary>Gets the whole value on one line, as the value filter searches it.</summary>
    public string Text => _text ??= JsonSerializer.Serialize(Snapshot.Value, s_compact);

    public static ValueRow From(ValueSnapshot snapshot) => new(snapshot, preview: null, text: null);

    public static string FolderOf(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? name[..dot] : TopLevel;
    }

    /// <summary>Tells whether <paramref name="snapshot"/> holds the same document as this row, so its texts still fit.</summary>
    public bool HasSameValue(ValueSnapshot snapshot) =>
        snapshot.Version == Snapshot.Version && snapshot.UpdatedAt == Snapshot.UpdatedAt && snapshot.StoreId == Snapshot.StoreId;

    /// <summary>Gets this row with a newer snapshot of the same document (its watcher count changed), keeping the texts.</summary>
    public ValueRow With(ValueSnapshot snapshot) => new(snapshot, _preview, _text);
}
