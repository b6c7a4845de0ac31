using System.Text.Json;
using EventDashboard.Web.Values;
using Xunit.Abstractions;

namespace EventDashboard.Tests.Unit.Web.Hubs;

/// <summary>
/// Hundreds of seeded random hub invocations, with wrong methods, argument counts and types, on one real WebSocket
/// connection. Each gets an answer; a refusal says why and changes nothing; the connection and the server stay up.
/// </summary>
public sealed class HubFuzzTests(ValuesHubTests.Factory factory, ITestOutputHelper output) : WebAppTests(factory), IClassFixture<ValuesHubTests.Factory>
{
    private const int Seed = 20261201;
    private const int Invocations = 500;

    private static readonly string[] Targets = ["Subscribe", "Unsubscribe", "SubscribeAll", "SubscribePrefix", "Set", "Set", "Set", "Delete", "Delete", "List", "set", "Sett", "", "OnConnectedAsync", "Dispose"];

    [Fact]
    public async Task RandomInvocations_Seeded_EachAnsweredWithAReasonAndRefusalsChangeNothing()
    {
        var random = new Random(Seed);
        var prefix = NewName() + ".";
        object?[] pool =
        [
            prefix + "a", prefix + "b", prefix + "c", "a b", "é", "", "..", new string('x', 129), prefix,
            0, 1, 2, -1, -2, long.MaxValue, 1.5, 1e300, true, false, null,
            new { a = 1 }, new[] { 1, 2 }, JsonSerializer.Deserialize<JsonElement>(new string('[', 40) + new string(']', 40)),
        ];

        // Over the value limit but under the message limit: one such argument per call, or the framework closes the
        // connection for the message's size, as it should.
        var tooLarge = new string('v', ValuesHubTests.Factory.MaxValueBytes + 10);

        await using var client = await RawHubClient.ConnectAsync(App.KestrelAddress);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Invocations; i++)
        {
            var target = Targets[random.Next(Targets.Length)];
            var arguments = random.Next(2) == 0
                ? WellShaped(random, target, prefix)
                : Enumerable.Range(0, random.Next(5) switch { 0 => 0, 1 => 1, 2 => 2, _ => 3 }).Select(_ => pool[random.Next(pool.Length)]).ToArray();
            if (arguments.Length > 1 && random.Next(40) == 0)
            {
                arguments[1] = tooLarge;
            }

            var description = $"{target}({string.Join(", ", arguments.Select(a => a is string { Length: > 40 } s ? $"\"{s[..10]}…\" ({s.Length})" : JsonSerializer.Serialize(a)))})";
            var indexBefore = Registry.LastIndex;

            JsonElement completion;
            try
            {
                completion = await client.InvokeAsync(target, arguments);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"invocation {i}: {description} got no answer: {ex.Message}");
            }

            if (completion.TryGetProperty("error", out var error))
            {
                var message = error.GetString()!;
                outcomes[message.Split(':')[0]] = outcomes.GetValueOrDefault(message.Split(':')[0]) + 1;
                Assert.True(message.Contains("HubException: ", StringComparison.Ordinal), $"invocation {i}: {description} failed without a reason: {message}");
                Assert.True(indexBefore == Registry.LastIndex, $"invocation {i}: {description} was refused ({message}) but changed the store");
            }
            else
            {
                outcomes["ok"] = outcomes.GetValueOrDefault("ok") + 1;
            }
        }

        output.WriteLine(string.Join("\n", outcomes.Select(o => $"{o.Value}× {o.Key}")));
        Assert.True(outcomes.GetValueOrDefault("ok") > 50, "too few invocations succeeded to exercise the hub");
        Assert.True(Registry.List(prefix).Count > 0, "no Set under the fuzzed prefix succeeded");

        // Still one healthy connection.
        await client.InvokeResultAsync("List");
    }

    // Arguments of the right count and types, with values that are sometimes refused (a bad name, a stale version).
    private static object?[] WellShaped(Random random, string target, string prefix)
    {
        string Name() => random.Next(6) == 0 ? "not valid!" : prefix + (char)('a' + random.Next(3));
        long? Version() => random.Next(5) switch { 0 => null, 1 => 0, 2 => -1, _ => random.Next(1, 6) };
        object Value() => random.Next(4) switch { 0 => random.Next(), 1 => new { text = "é 🙂", n = random.Next(3) }, 2 => "text", _ => new[] { 1, 2 } };
        return target switch
        {
            "Subscribe" or "Unsubscribe" => [Name()],
            "SubscribePrefix" => [random.Next(4) == 0 ? "a b" : prefix],
            "Set" => [Name(), Value(), Version()],
            "Delete" => [Name(), Version()],
            _ => [],
        };
    }
}
