using System.IO.Pipelines;

namespace EventDashboard.Client.Internal;

/// <summary>A reader and a writer paired as one <see cref="IDuplexPipe"/>.</summary>
/// <param name="Input">The end the application reads.</param>
/// <param name="Output">The end the application writes.</param>
internal sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
