using EventDashboard.Protocol;

namespace EventDashboard.Web.Dashboard.Pages.ValueList;

/// <summary>
/// Turns the registry's list of snapshots into grid rows, reusing the row (and its formatted texts) of every value
/// whose document did not change since the previous list. Used by one page's live loop only, so it needs no lock.
/// </summary>
internal sealed class ValueRows
{
    private Dictionary<string, ValueRow> _byName = new(StringComparer.Ordinal);

    /// <summary>Gets the rows of <paramref name="snapshots"/>, in their order.</summary>
    public IReadOnlyList<ValueRow> Update(IReadOnlyList<ValueSnapshot> snapshots)
    {
        var rows = new ValueRow[snapshots.Count];
        var byName = new Dictionary<string, ValueRow>(snapshots.Count, StringComparer.Ordinal);
        for (var i = 0; i < rows.Length; i++)
        {
            var snapshot = snapshots[i];
            rows[i] = _byName.TryGetValue(snapshot.Name, out var old) && old.HasSameValue(snapshot)
                ? (old.Watchers == snapshot.Watchers ? old : old.With(snapshot))
                : ValueRow.From(snapshot);
            byName[snapshot.Name] = rows[i];
        }

        _byName = byName;
        return rows;
    }
}
