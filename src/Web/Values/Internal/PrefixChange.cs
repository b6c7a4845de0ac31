namespace EventDashboard.Web.Values.Internal;

/// <summary>One change of a prefix watch: the newest state of <paramref name="Name"/> as of its log index.</summary>
/// <param name="Name">The value's name.</param>
/// <param name="State">Its state; <see cref="ValueState.Index"/> is the change's position in the registry-wide log.</param>
internal sealed record PrefixChange(string Name, ValueState State);
