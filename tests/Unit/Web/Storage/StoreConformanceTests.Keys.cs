using System.Security.Cryptography;
using EventDashboard.Web.Auth;
using EventDashboard.Web.Storage.Internal;

namespace EventDashboard.Tests.Unit.Web.Storage;

/// <summary>What every store must do with the access keys made at run time: keep them, hashed, across a restart.</summary>
public abstract partial class StoreConformanceTests
{
    private static readonly string[] ScopedPrefixes = ["team.", "ops."];

    [Fact]
    public async Task ReadKeysAsync_NewStore_ReturnsNone()
    {
        await using var store = await OpenKeyStoreAsync();

        Assert.Empty(await store.ReadKeysAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AddKeyAsync_ThenReopen_ReadsEveryFieldBackSortedByName()
    {
        var scoped = NewKey("b-scoped", AccessRole.Viewer, ScopedPrefixes);
        var admin = NewKey("a-admin", AccessRole.Admin, []);
        await using (var store = await OpenKeyStoreAsync())
        {
            Assert.True(await store.AddKeyAsync(scoped, CancellationToken.None));
            Assert.True(await store.AddKeyAsync(admin, CancellationToken.None));
        }

        await using var reopened = await OpenKeyStoreAsync();
        var keys = await reopened.ReadKeysAsync(CancellationToken.None);

        Assert.Equal(["a-admin", "b-scoped"], keys.Select(k => k.Name));
        AssertSameKey(admin, keys[0]);
        AssertSameKey(scoped, keys[1]);
    }

    [Fact]
    public async Task AddKeyAsync_NameTaken_ReturnsFalseAndKeepsTheFirst()
    {
        await using var store = await OpenKeyStoreAsync();
        var first = NewKey("ci", AccessRole.Operator, []);
        Assert.True(await store.AddKeyAsync(first, CancellationToken.None));

        var added = await store.AddKeyAsync(NewKey("ci", AccessRole.Admin, []), CancellationToken.None);

        Assert.False(added);
        AssertSameKey(first, Assert.Single(await store.ReadKeysAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task RemoveKeyAsync_ThenReopen_KeyStaysGoneAndOthersStay()
    {
        var kept = NewKey("kept", AccessRole.Viewer, []);
        await using (var store = await OpenKeyStoreAsync())
        {
            await store.AddKeyAsync(NewKey("revoked", AccessRole.Operator, []), CancellationToken.None);
            await store.AddKeyAsync(kept, CancellationToken.None);

            Assert.True(await store.RemoveKeyAsync("revoked", CancellationToken.None));
        }

        await using var reopened = await OpenKeyStoreAsync();

        AssertSameKey(kept, Assert.Single(await reopened.ReadKeysAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task RemoveKeyAsync_NoSuchKey_ReturnsFalse()
    {
        await using var store = await OpenKeyStoreAsync();
        await store.AddKeyAsync(NewKey("other", AccessRole.Viewer, []), CancellationToken.None);

        Assert.False(await store.RemoveKeyAsync("missing", CancellationToken.None));
        Assert.Single(await store.ReadKeysAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AddKeyAsync_AfterRemoving_TakesTheNameAgainWithTheNewSecret()
    {
        await using var store = await OpenKeyStoreAsync();
        await store.AddKeyAsync(NewKey("ci", AccessRole.Operator, []), CancellationToken.None);
        await store.RemoveKeyAsync("ci", CancellationToken.None);
        var again = NewKey("ci", AccessRole.Viewer, []);

        Assert.True(await store.AddKeyAsync(again, CancellationToken.None));
        AssertSameKey(again, Assert.Single(await store.ReadKeysAsync(CancellationToken.None)));
    }

    /// <summary>A store opened for its keys alone; disposing it and opening another is a restart.</summary>
    private protected async Task<IValueStore> OpenKeyStoreAsync()
    {
        var store = OpenStore(100);
        await store.OpenAsync(CancellationToken.None);
        return store;
    }

    private protected static StoredAccessKey NewKey(string name, AccessRole role, string[] prefixes) =>
        new(name, role, prefixes, SHA256.HashData(RandomNumberGenerator.GetBytes(32)), new DateTimeOffset(2026, 12, 1, 20, 15, 30, 123, TimeSpan.Zero));

    private static void AssertSameKey(StoredAccessKey expected, StoredAccessKey actual)
    {
        Assert.Equal((expected.Name, expected.Role, expected.CreatedAt), (actual.Name, actual.Role, actual.CreatedAt));
        Assert.Equal(expected.Prefixes, actual.Prefixes);
        Assert.Equal(expected.SecretSha256, actual.SecretSha256);
    }
}
