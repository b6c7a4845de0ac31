using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace EventDashboard.Tests.Unit.TestSupport.Etcd;

/// <summary>The test cluster itself: it starts, survives a killed member, and leaves nothing behind.</summary>
public sealed class EtcdClusterTests
{
    [Fact]
    public async Task StartAsync_ThreeMembers_WriteOnOneIsReadOnAnother()
    {
        await using var cluster = await EtcdCluster.StartAsync(3);
        using var http = new HttpClient();

        await PutAsync(http, cluster.Members[0].ClientUrl, "k", "v");

        Assert.Equal("v", await GetAsync(http, cluster.Members[2].ClientUrl, "k"));
        Assert.Equal(3, cluster.Endpoints.Split(',').Length);
    }

    [Fact]
    public async Task RestartAsync_KilledMember_RejoinsWithItsData()
    {
        await using var cluster = await EtcdCluster.StartAsync(3);
        using var http = new HttpClient();
        await PutAsync(http, cluster.Members[0].ClientUrl, "before", "1");

        // A follower, so that the others keep their leader and take the write at once (tests elsewhere kill leaders).
        var follower = await FollowerAsync(http, cluster);
        var other = (follower + 1) % 3;

        await cluster.KillAsync(follower);
        Assert.False(cluster.Members[follower].IsRunning);
        await PutAsync(http, cluster.Members[other].ClientUrl, "during", "2");
        await cluster.RestartAsync(follower);

        Assert.Equal("1", await GetAsync(http, cluster.Members[follower].ClientUrl, "before"));
        Assert.Equal("2", await GetAsync(http, cluster.Members[follower].ClientUrl, "during"));
    }

    [Fact]
    public async Task DisposeAsync_Always_KillsMembersAndDeletesData()
    {
        var cluster = await EtcdCluster.StartAsync(1);
        var member = cluster.Members[0];

        await cluster.DisposeAsync();

        Assert.False(member.IsRunning);
        Assert.False(Directory.Exists(member.DataFolder));
    }

    // etcd's JSON gateway (/v3/kv/...) takes keys and values in base64; no client library is needed for a check.
    private static async Task PutAsync(HttpClient http, Uri member, string key, string value)
    {
        using var response = await http.PostAsJsonAsync(new Uri(member, "/v3/kv/put"), new { key = Base64(key), value = Base64(value) });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<string?> GetAsync(HttpClient http, Uri member, string key)
    {
        using var response = await http.PostAsJsonAsync(new Uri(member, "/v3/kv/range"), new { key = Base64(key) });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("kvs", out var kvs)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(kvs[0].GetProperty("value").GetString()!))
            : null;
    }

    // The position of a member that is not the leader, from etcd's status (member_id and leader as decimal text).
    private static async Task<int> FollowerAsync(HttpClient http, EtcdCluster cluster)
    {
        for (var i = 0; i < cluster.Members.Count; i++)
        {
            using var response = await http.PostAsJsonAsync(new Uri(cluster.Members[i].ClientUrl, "/v3/maintenance/status"), new { });
            response.EnsureSuccessStatusCode();
            using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (status.RootElement.GetProperty("header").GetProperty("member_id").GetString() != status.RootElement.GetProperty("leader").GetString())
            {
                return i;
            }
        }

        throw new InvalidOperationException("Every member says it leads.");
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
