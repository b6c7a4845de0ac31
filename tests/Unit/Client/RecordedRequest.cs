namespace EventDashboard.Tests.Unit.Client;

/// <summary>One request as <see cref="RequestRecorder"/> saw it arrive.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, string Authorization);
