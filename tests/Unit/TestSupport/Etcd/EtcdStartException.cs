namespace EventDashboard.Tests.Unit.TestSupport.Etcd;

/// <summary>An etcd member did not come up; the message carries the end of its output.</summary>
internal sealed class EtcdStartException(EtcdMember member, string what)
    : Exception($"etcd member {member.Name} ({member.ClientUrl}) {what}. Its last output:\n{member.OutputTail}")
{
    /// <summary>Gets a value indicating whether another process took one of the member's ports first.</summary>
    public bool PortTaken { get; } = member.OutputTail.Contains("address already in use", StringComparison.Ordinal);
}
