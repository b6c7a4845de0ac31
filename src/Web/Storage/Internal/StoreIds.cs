using System.Security.Cryptography;

namespace EventDashboard.Web.Storage.Internal;

/// <summary>Makes store identities: 16 random hex digits, enough that two stores never share one.</summary>
internal static class StoreIds
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
