using System.Net.Http.Headers;
using System.Text;

namespace EventDashboard.Benchmarks.Storage;

/// <summary>
/// etcd through its HTTP/JSON gateway; a Set is <c>POST /v3/kv/put</c> with the key and the value in base64,
/// as the gateway maps JSON <c>bytes</c> fields.
/// </summary>
internal sealed class EtcdTarget(EtcdProcess etcd, string version) : SetTarget
{
    public override string Name { get; } = $"etcd {version}";

    public override Uri BaseAddress => etcd.ClientAddress;

    public override HttpRequestMessage NewSet(int setter, long n)
    {
        var key = Convert.ToBase64String(Encoding.UTF8.GetBytes(SetPayload.Name(setter)));
        var value = Convert.ToBase64String(SetPayload.Create(n));
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"key\":\"{key}\",\"value\":\"{value}\"}}"));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Post, etcd.GatewayPrefix.TrimStart('/') + "kv/put") { Content = body };
    }

    public override TimeSpan CpuTime() => etcd.CpuTime();

    public override ValueTask DisposeAsync() => etcd.DisposeAsync();
}
