using System.Text.Json;
using EventDashboard.Web.Dashboard.Internal;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Internal;

public sealed class JsonTextTests
{
    [Fact]
    public void Pretty_CompactObject_IndentedByTwoSpacesWithTextKept()
    {
        using var document = JsonDocument.Parse("{\"name\":\"Zoë <b>\",\"big\":12345678901234567890,\"list\":[1,2]}");

        Assert.Equal(
            "{\n  \"name\": \"Zoë <b>\",\n  \"big\": 12345678901234567890,\n  \"list\": [\n    1,\n    2\n  ]\n}",
            JsonText.Pretty(document.RootElement).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Preview_IndentedDocument_OneCompactLine()
    {
        using var document = JsonDocument.Parse("{\n  \"a\": [1, 2]\n}");

        Assert.Equal("{\"a\":[1,2]}", JsonText.Preview(document.RootElement));
    }
}
