using EventDashboard.Protocol;

namespace EventDashboard.Web.Values;

/// <summary>The result of a <see cref="ValueRegistry"/> Set or delete.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Snapshot">
/// The new snapshot when a Set succeeded; the current snapshot (or <see langword="null"/> when the value does not
/// exist) on a <see cref="SetOutcomeKind.Conflict"/>; otherwise <see langword="null"/>.
/// </param>
/// <param name="Detail">A sentence for the user explaining a rejection, or <see langword="null"/> on success.</param>
public sealed record SetOutcome(SetOutcomeKind Kind, ValueSnapshot? Snapshot, string? Detail)
{
    /// <summary>Gets a value indicating whether the value was set or deleted; only then did anything change.</summary>
    public bool Succeeded => Kind is SetOutcomeKind.Created or SetOutcomeKind.Updated or SetOutcomeKind.Deleted;

    /// <summary>Gets the delete a <see cref="SetOutcomeKind.Deleted"/> outcome made; otherwise <see langword="null"/>.</summary>
    public ValueDeletion? Deletion { get; init; }
}
