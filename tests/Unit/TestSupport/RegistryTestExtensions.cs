using System.Text.Json;
using EventDashboard.Protocol;
using EventDashboard.Web;
using EventDashboard.Web.Storage.Internal;
using EventDashboard.Web.Values;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventDashboard.Tests.Unit.TestSupport;

/// <summary>
/// Arrange-step shorthands for tests that are not about durability: a Set, a delete or a history read that completes
/// before the next line runs, and a registry opened on a store.
/// </summary>
internal static class RegistryTestExtensions
{
    /// <summary>Opens a registry on <paramref name="store"/> (a new in-memory store by default).</summary>
    public static ValueRegistry OpenRegistry(EventDashboardOptions options, IValueStore? store = null, TimeProvider? time = null)
    {
        var registry = new ValueRegistry(options, store ?? new MemoryValueStore(options.HistoryLimit), time ?? TimeProvider.System, NullLogger<ValueRegistry>.Instance);
        registry.OpenAsync(CancellationToken.None).Within().GetAwaiter().GetResult();
        return registry;
    }

    public static SetOutcome Set(this ValueRegistry registry, string name, byte[] utf8Json, string source, string? remote, long? expectedVersion = null) =>
        registry.SetAsync(name, utf8Json, new SetOrigin(source, remote), expectedVersion).Within().GetAwaiter().GetResult();

    public static SetOutcome Set(this ValueRegistry registry, string name, JsonElement value, string source, string? remote, long? expectedVersion = null) =>
        registry.SetAsync(name, value, new SetOrigin(source, remote), expectedVersion).Within().GetAwaiter().GetResult();

    public static SetOutcome Delete(this ValueRegistry registry, string name, string source, string? remote, long? expectedVersion = null) =>
        registry.DeleteAsync(name, new SetOrigin(source, remote), expectedVersion).Within().GetAwaiter().GetResult();

    public static ValueHistory? GetHistory(this ValueRegistry registry, string name, int limit) =>
        registry.GetHistoryAsync(name, limit).Within().GetAwaiter().GetResult();
}
