using System.Text.Json;

namespace EventDashboard.Tests.Unit.Web.Hubs;

/// <summary>Hub calls whose arguments do not bind get an answer that names the method, the argument and what it must be.</summary>
public sealed class ArgumentBindingTests(ValuesHubTests.Factory factory) : WebAppTests(factory), IClassFixture<ValuesHubTests.Factory>
{
    private async Task<string> ErrorOfAsync(string target, params object?[] arguments)
    {
        await using var client = await RawHubClient.ConnectAsync(App.KestrelAddress);
        var completion = await client.InvokeAsync(target, arguments);
        Assert.True(completion.TryGetProperty("error", out var error), $"{target} should have failed");

        // The connection stays usable after the rejection.
        await client.InvokeResultAsync("List");
        return error.GetString()!;
    }

    [Fact]
    public async Task Set_ExpectedVersionNotANumber_NamesTheArgumentAndItsType()
    {
        var name = NewName();

        var error = await ErrorOfAsync("Set", name, 1, "abc");

        Assert.Contains("Argument 3 of Set, expectedVersion, must be a whole number or null, but it is \"abc\"", error, StringComparison.Ordinal);
        Assert.Contains("Set(name: a string, value: any JSON, expectedVersion: a whole number or null)", error, StringComparison.Ordinal);
        Assert.Null(Registry.Get(name));
    }

    [Fact]
    public async Task Subscribe_NameNotAString_NamesTheArgument()
    {
        var error = await ErrorOfAsync("Subscribe", JsonSerializer.SerializeToElement(new { a = 1 }));

        Assert.Contains("Argument 1 of Subscribe, name, must be a string, but it is {\"a\":1}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_TooFewArguments_SaysHowManyItTakes()
    {
        var error = await ErrorOfAsync("Set", NewName());

        Assert.Contains("Set takes 3 argument(s)", error, StringComparison.Ordinal);
        Assert.Contains("the call sent 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownMethod_ListsTheHubsMethods()
    {
        var error = await ErrorOfAsync("Sett", "a", 1, null);

        Assert.Contains("There is no hub method 'Sett'", error, StringComparison.Ordinal);
        Assert.Contains("Set", error, StringComparison.Ordinal);
        Assert.Contains("SubscribePrefix", error, StringComparison.Ordinal);
    }
}
