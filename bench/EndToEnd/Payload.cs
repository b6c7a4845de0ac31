namespace EventDashboard.Benchmarks.EndToEnd;

/// <summary>The benchmark's value: a sequence number, and padding to a chosen size.</summary>
/// <param name="Seq">The sequence number of the Set.</param>
/// <param name="Pad">Filler.</param>
internal sealed record Payload(int Seq, string Pad);
