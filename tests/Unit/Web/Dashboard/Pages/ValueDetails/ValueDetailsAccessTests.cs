using Bunit;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Auth;
using EventDashboard.Web.Auth.Internal;
using Microsoft.Extensions.DependencyInjection;
using Page = EventDashboard.Web.Dashboard.Pages.ValueDetails.ValueDetails;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages.ValueDetails;

/// <summary>The value page for principals other than open access's Operator: what they see, and who their changes name.</summary>
public sealed class ValueDetailsAccessTests : DashboardContext
{
    [Fact]
    public void Render_Viewer_ShowsValueAndHistoryWithoutAnyControlThatChangesIt()
    {
        SignInWithKey("viewer", AccessRole.Viewer);
        Set("app.a", "1");
        Set("app.a", "2");

        var page = RenderPage("app.a");

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("#version").TextContent), TestTimeouts.Safety);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[id^='pick-']")), TestTimeouts.Safety);
        Assert.Empty(page.FindAll("#edit-button"));
        Assert.Empty(page.FindAll("#delete-button"));
        Assert.Empty(page.FindAll("[id^='revert-']"));
    }

    [Fact]
    public async Task Render_Viewer_OfADeletedValue_OffersNoSetAgain()
    {
        SignInWithKey("viewer", AccessRole.Viewer);
        Set("app.gone", "1");
        await Registry.DeleteAsync("app.gone", new EventDashboard.Web.Values.SetOrigin("http"));

        var page = RenderPage("app.gone");

        Assert.NotNull(page.Find("#deleted"));
        Assert.Empty(page.FindAll("#set-again-button"));
    }

    [Fact]
    public void Render_ScopedKey_NameOutsideItsPrefixesReadsAsNeverSet()
    {
        SignInWithKey("team-ops", AccessRole.Operator, "team.");
        Set("other.secret", "{\"token\":\"s3cr3t-v4lue\"}");

        var page = RenderPage("other.secret");

        Assert.NotNull(page.Find("#missing"));
        Assert.DoesNotContain("s3cr3t-v4lue", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#set-button"));
        Assert.Empty(page.FindAll("#edit-button"));
    }

    [Fact]
    public void Save_SignedInOperator_RecordsTheKeyAsWho()
    {
        SignInWithKey("alice-key", AccessRole.Operator);
        Set("app.who", "1");
        var page = RenderPage("app.who");

        Act(page, "#edit-button", e => e.Click());
        Act(page, "#editor-text", e => e.Input("2"));
        Act(page, "#save-button", e => e.Click());

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("#version").TextContent), TestTimeouts.Safety);
        var newest = Registry.GetHistory("app.who", 1)!.Entries[0];
        Assert.Equal("alice-key", newest.Who);
        Assert.Equal("ui", newest.Source);
    }

    [Fact]
    public async Task Save_KeyRevokedWhileThePageIsOpen_IsRefusedAndChangesNothing()
    {
        SignInWithKey("admin", AccessRole.Admin);
        var keys = Services.GetRequiredService<AccessKeys>();
        var created = await keys.CreateAsync("short-lived", AccessRole.Operator, [], "test", CancellationToken.None);
        Authentication.Set(AccessPrincipal.ForKey(created!.Value.Key, bearer: false));
        Set("app.revoked", "1");
        var page = RenderPage("app.revoked");
        Act(page, "#edit-button", e => e.Click());
        Act(page, "#editor-text", e => e.Input("2"));

        Assert.Equal(KeyRevocation.Revoked, await keys.RevokeAsync("short-lived", "test", CancellationToken.None));
        Act(page, "#save-button", e => e.Click());

        page.WaitForAssertion(() => Assert.Contains("no longer valid", page.Find("#problem").TextContent, StringComparison.Ordinal), TestTimeouts.Safety);
        Assert.Equal(1, Registry.GetState("app.revoked")!.Version);
    }


    [Fact]
    public async Task Follow_KeyRevokedWhileThePageIsOpen_StopsShowingLaterSets()
    {
        SignInWithKey("admin", AccessRole.Admin);
        var keys = Services.GetRequiredService<AccessKeys>();
        var created = await keys.CreateAsync("watcher", AccessRole.Viewer, [], "test", CancellationToken.None);
        Authentication.Set(AccessPrincipal.ForKey(created!.Value.Key, bearer: false));
        Set("app.followed", "1");
        var page = RenderPage("app.followed");
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("#version").TextContent), TestTimeouts.Safety);

        await keys.RevokeAsync("watcher", "test", CancellationToken.None);
        Set("app.followed", "{\"after\":\"revocation\"}");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#missing")), TestTimeouts.Safety);
        Assert.DoesNotContain("revocation", page.Markup, StringComparison.Ordinal);
    }

    private IRenderedComponent<Page> RenderPage(string name) => Render<Page>(p => p.Add(c => c.Name, name));
}
