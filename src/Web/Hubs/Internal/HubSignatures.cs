using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace EventDashboard.Web.Hubs.Internal;

/// <summary>The methods a hub's clients can call, with their parameters in words, for error messages.</summary>
internal sealed class HubSignatures
{
    private readonly Dictionary<string, ParameterInfo[]> _methods;

    private HubSignatures(Type hub)
    {
        _methods = hub.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName)
            .ToDictionary(m => m.Name, m => m.GetParameters(), StringComparer.OrdinalIgnoreCase);
    }

    public static HubSignatures Of<THub>()
        where THub : Hub => Cache<THub>.Instance;

    public IReadOnlyCollection<string> Names => _methods.Keys;

    public bool TryGet(string method, out ParameterInfo[] parameters) => _methods.TryGetValue(method, out parameters!);

    /// <summary>Describes a call, such as <c>Set(name: a string, value: any JSON, expectedVersion: a whole number or null)</c>.</summary>
    public string Describe(string method) =>
        _methods.TryGetValue(method, out var parameters)
            ? $"{method}({string.Join(", ", parameters.Select(p => $"{p.Name}: {Describe(p.ParameterType)}"))})"
            : method;

    /// <summary>Says what a JSON argument of <paramref name="type"/> must be.</summary>
    public static string Describe(Type type) => type switch
    {
        _ when type == typeof(string) => "a string",
        _ when type == typeof(JsonElement) => "any JSON",
        _ when type == typeof(long) || type == typeof(int) => "a whole number",
        _ when Nullable.GetUnderlyingType(type) is { } inner => Describe(inner) + " or null",
        _ => type.Name,
    };

    private static class Cache<THub>
        where THub : Hub
    {
        public static readonly HubSignatures Instance = new(typeof(THub));
    }
}
