using System.Globalization;
using System.Net;
using System.Text;
using EventDashboard.Tests.Unit.TestSupport.Etcd;

namespace EventDashboard.Tests.Unit.Web.Storage;

/// <summary>The app on <c>EventDashboard:Storage:Provider=Etcd</c>: settings checked at start, HTTP answers over etcd.</summary>
public sealed class EtcdStorageTests
{
    [Theory]
    [InlineData("EventDashboard:Storage:Etcd:Endpoints", "", "Endpoints is required")]
    [InlineData("EventDashboard:Storage:Etcd:Endpoints", "127.0.0.1:2379", "not an etcd client URL")]
    [InlineData("EventDashboard:Storage:Etcd:Prefix", "no-slash", "Prefix must end with '/'")]
    [InlineData("EventDashboard:MaxValueBytes", "2000000", "MaxValueBytes must be at most")]
    public async Task Start_InvalidEtcdSetting_FailsSayingWhy(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["EventDashboard:Storage:Provider"] = "Etcd",
            ["EventDashboard:Storage:Etcd:Endpoints"] = "http://127.0.0.1:2379",
            [key] = value,
        };
        await using var factory = new EtcdFactory(settings);

        var message = StartAssert.FailsValidation(factory);

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutGetAndLimits_OnEtcd_AnswerAsOnTheOtherStores()
    {
        await using var cluster = await EtcdCluster.StartAsync();
        await using var app = EtcdFactory.On(cluster);
        using var client = app.CreateClient();

        using var put = await client.PutAsync("/api/values/a", Json("{\"x\":1}"));
        using var get = await client.GetAsync("/api/values/a");
        using var tooLarge = await client.PutAsync("/api/values/b", Json("\"" + new string('x', 1024 * 1024) + "\""));
        using var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("\"x\":1", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("etcd", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_EtcdDown_Returns503AndReadyzReportsIt()
    {
        await using var cluster = await EtcdCluster.StartAsync();
        await using var app = EtcdFactory.On(cluster);
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync("/api/values/a", Json("1"))).StatusCode);

        await cluster.KillAsync(0);
        using var put = await client.PutAsync("/api/values/a", Json("2"));
        using var ready = await client.GetAsync("/readyz");
        using var get = await client.GetAsync("/api/values/a");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, put.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private sealed class EtcdFactory(IReadOnlyDictionary<string, string?> settings) : EventDashboardFactory(settings)
    {
        public static EtcdFactory On(EtcdCluster cluster) => new(new Dictionary<string, string?>
        {
            ["EventDashboard:Storage:Provider"] = "Etcd",
            ["EventDashboard:Storage:Etcd:Endpoints"] = cluster.Endpoints,
            ["EventDashboard:Storage:Etcd:RequestTimeout"] = TimeSpan.FromSeconds(1).ToString("c", CultureInfo.InvariantCulture),
            ["EventDashboard:MaxValueBytes"] = (512 * 1024).ToString(CultureInfo.InvariantCulture),
        });
    }
}
