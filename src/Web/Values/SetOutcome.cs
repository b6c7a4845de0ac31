using EventDashboard.Client;

namespace EventDashboard.Web.Values;

/// <summary>The result of a <see cref="ValueRegistry"/> Set.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Snapshot">
/// The new snapshot when the Set succeeded; the current snapshot (or <see langword="null"/> when the value was
/// never set) on a <see cref="SetOutcomeKind.Conflict"/>; otherwise <see langword="null"/>.
/// </param>
/// <param name="Detail">A sentence for the user explaining a rejection, or <see langword="null"/> on success.</param>
public sealed record SetOutcome(SetOutcomeKind Kind, ValueSnapshot? Snapshot, string? Detail)
{
    /// <summary>Gets a value indicating whether the value was set.</summary>
    public bool Succeeded => Kind is SetOutcomeKind.Created or SetOutcomeKind.Updated;
}
