using Bunit;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web.Auth;
using EventDashboard.Web.Auth.Internal;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Page = EventDashboard.Web.Dashboard.Pages.Keys.KeysPage;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages.Keys;

/// <summary>The access keys page on the real key store (in memory): made and revoked keys work and stop working.</summary>
public sealed class KeysPageTests : DashboardContext
{
    [Fact]
    public void Create_AsAdmin_ShowsTheSecretOnceAndTheKeyWorks()
    {
        SignInWithKey("root", AccessRole.Admin);
        var page = Render<Page>();

        Act(page, "input#key-name", e => e.Input("ci"));
        Act(page, "input#key-prefixes", e => e.Input("service., feature."));
        Act(page, "#key-create", e => e.Click());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#new-secret")), TestTimeouts.Safety);
        var secret = page.Find("#new-secret").TextContent;
        var key = Services.GetRequiredService<AccessKeys>().Find(secret);
        Assert.NotNull(key);
        Assert.Equal("ci", key.Name);
        Assert.Equal(AccessRole.Viewer, key.Role);
        Assert.Equal(["service.", "feature."], key.Prefixes);
        Assert.Contains(page.FindAll(".key-name"), e => e.GetAttribute("data-key") == "ci");
        Assert.Equal("", page.Find("input#key-name").GetAttribute("value") ?? "");

        // Shown once: the page opened again lists the key, not its secret.
        var again = Render<Page>();
        Assert.DoesNotContain(secret, again.Markup, StringComparison.Ordinal);
        Assert.Contains(again.FindAll(".key-name"), e => e.GetAttribute("data-key") == "ci");
    }

    [Fact]
    public void Create_NameTaken_SaysSoAndMakesNothing()
    {
        SignInWithKey("root", AccessRole.Admin);
        var page = Render<Page>();

        Act(page, "input#key-name", e => e.Input("root"));
        Act(page, "#key-create", e => e.Click());

        page.WaitForAssertion(() => Assert.Contains("exists already", page.Markup, StringComparison.Ordinal), TestTimeouts.Safety);
        Assert.Empty(page.FindAll("#new-secret"));
        Assert.Single(Services.GetRequiredService<AccessKeys>().List());
    }

    [Fact]
    public void Create_InvalidPrefix_ShowsWhyBesideThePrefixes()
    {
        SignInWithKey("root", AccessRole.Admin);
        var page = Render<Page>();

        Act(page, "input#key-name", e => e.Input("bad-prefix"));
        Act(page, "input#key-prefixes", e => e.Input("no spaces allowed/"));
        Act(page, "#key-create", e => e.Click());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#key-prefixes .mud-input-error, .mud-input-helper-text.mud-input-error")), TestTimeouts.Safety);
        Assert.Empty(page.FindAll("#new-secret"));
        Assert.DoesNotContain(Services.GetRequiredService<AccessKeys>().List(), k => k.Name == "bad-prefix");
    }

    [Fact]
    public async Task Revoke_Confirmed_TheKeyStopsWorkingAndLeavesTheList()
    {
        SignInWithKey("root", AccessRole.Admin);
        var keys = Services.GetRequiredService<AccessKeys>();
        var made = await keys.CreateAsync("doomed", AccessRole.Operator, [], "test", CancellationToken.None);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<Page>();

        Act(page, "#revoke-doomed", e => e.Click());
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-message-box button")), TestTimeouts.Safety);
        var yes = dialogs.FindAll(".mud-message-box button").Single(b => b.TextContent.Contains("Revoke", StringComparison.Ordinal));
        await dialogs.InvokeAsync(() => yes.Click()).WaitAsync(TestTimeouts.Safety);

        page.WaitForAssertion(() => Assert.DoesNotContain(page.FindAll(".key-name"), e => e.GetAttribute("data-key") == "doomed"), TestTimeouts.Safety);
        Assert.Null(keys.Find(made!.Value.Secret));
    }

    [Fact]
    public void Render_ConfiguredKey_OffersNoRevoke()
    {
        SignInWithKey("root", AccessRole.Admin);

        var page = Render<Page>();

        Assert.Contains(page.FindAll(".key-name"), e => e.GetAttribute("data-key") == "root");
        Assert.Empty(page.FindAll("#revoke-root"));
    }

    [Theory]
    [InlineData(AccessRole.Operator)]
    [InlineData(AccessRole.Viewer)]
    public void Render_NotAnAdmin_ListsNothingAndOffersNothing(AccessRole role)
    {
        SignInWithKey("someone", role);

        var page = Render<Page>();

        Assert.NotNull(page.Find("#keys-not-allowed"));
        Assert.Empty(page.FindAll("#keys-table"));
        Assert.Empty(page.FindAll("#key-create"));
    }

    [Fact]
    public void Render_AdminLimitedToPrefixes_ListsNothing()
    {
        SignInWithKey("team-admin", AccessRole.Admin, "team.");

        var page = Render<Page>();

        Assert.NotNull(page.Find("#keys-not-allowed"));
    }

}
