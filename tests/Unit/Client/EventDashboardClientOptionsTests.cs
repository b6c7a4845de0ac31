using EventDashboard.Client;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>Options that cannot work are refused up front, with a message that says what to change.</summary>
public sealed class EventDashboardClientOptionsTests
{
    private static readonly Uri Server = new("http://127.0.0.1:1/");

    [Fact]
    public void Constructor_MessagePackOverServerSentEventsOnly_ThrowsSayingSseIsTextOnly()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EventDashboardClient(Server, new EventDashboardClientOptions
        {
            Transport = ClientTransport.ServerSentEvents,
            Protocol = ClientProtocol.MessagePack,
        }));

        Assert.Contains("MessagePack is binary and ServerSentEvents carries text only", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ClientTransport.None, "is not a transport")]
    [InlineData((ClientTransport)64, "is not a transport")]
    [InlineData(ClientTransport.BlockingQueries | ClientTransport.WebSockets, "mixes BlockingQueries")]
    public void Constructor_TransportNotAChoice_Throws(ClientTransport transport, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => new EventDashboardClient(Server, new EventDashboardClientOptions { Transport = transport }));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("line\nbreak")]
    public void Constructor_AccessKeyNotAToken_Throws(string accessKey)
    {
        var ex = Assert.Throws<ArgumentException>(() => new EventDashboardClient(Server, new EventDashboardClientOptions { AccessKey = accessKey }));

        Assert.Contains("AccessKey", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MessagePackWithBlockingQueries_ThrowsSayingThereIsNoHub()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EventDashboardClient(Server, new EventDashboardClientOptions
        {
            Transport = ClientTransport.BlockingQueries,
            Protocol = ClientProtocol.MessagePack,
        }));

        Assert.Contains("uses no hub", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Constructor_MessagePackOverServerSentEventsOrLongPolling_IsAccepted()
    {
        await using var client = new EventDashboardClient(Server, new EventDashboardClientOptions
        {
            Transport = ClientTransport.ServerSentEvents | ClientTransport.LongPolling,
            Protocol = ClientProtocol.MessagePack,
        });
    }
}
