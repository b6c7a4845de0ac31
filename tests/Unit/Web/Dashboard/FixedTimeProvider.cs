namespace EventDashboard.Tests.Unit.Web.Dashboard;

/// <summary>A clock that stands still, so relative times ("12 s ago") render the same every run.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
