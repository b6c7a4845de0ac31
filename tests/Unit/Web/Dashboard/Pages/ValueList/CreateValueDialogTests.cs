using Bunit;
using EventDashboard.Protocol;
using EventDashboard.Tests.Unit.TestSupport;
using EventDashboard.Web;
using EventDashboard.Web.Dashboard.Pages.ValueList;
using EventDashboard.Web.Values;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EventDashboard.Tests.Unit.Web.Dashboard.Pages.ValueList;

public sealed class CreateValueDialogTests : DashboardContext
{
    [Fact]
    public async Task Create_ValidDraft_SetsVersionOneAndClosesWithTheSnapshot()
    {
        var (dialogs, reference) = await ShowAsync();

        dialogs.Find("#create-name").Input("  app.flag ");
        dialogs.Find("#create-json").Input("[1, 2, 3]");
        dialogs.Find("#create-save").Click();

        var result = await reference.Result.Within();
        var created = Assert.IsType<ValueSnapshot>(result!.Data);
        Assert.Equal(("app.flag", 1L), (created.Name, created.Version));
        Assert.Equal("[1,2,3]", Registry.Get("app.flag")!.Value.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Equal(SetSource.Ui, Registry.GetHistory("app.flag", 1)!.Entries[0].Source);
    }

    [Fact]
    public async Task Create_CtrlEnter_CreatesLikeTheButton()
    {
        var (dialogs, reference) = await ShowAsync();
        dialogs.Find("#create-name").Input("by.keyboard");
        dialogs.Find("#create-json").Input("true");

        dialogs.Find(".create-form").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter", CtrlKey = true });

        var result = await reference.Result.Within();
        Assert.False(result!.Canceled);
        Assert.Equal(1, Registry.GetVersion("by.keyboard"));
    }

    [Fact]
    public async Task NameInput_InvalidName_ShowsTheNamingRuleAndCreateSetsNothing()
    {
        var (dialogs, reference) = await ShowAsync();

        dialogs.Find("#create-name").Input("has space");
        dialogs.Find("#create-json").Input("1");
        dialogs.Find("#create-save").Click();

        dialogs.WaitForAssertion(() => Assert.Contains(ValueName.Describe("has space"), dialogs.Markup, StringComparison.Ordinal), TestTimeouts.Safety);
        Assert.Equal("true", dialogs.Find("#create-name").GetAttribute("aria-invalid"));
        Assert.Null(Registry.Get("has space"));
        Assert.False(reference.Result.IsCompleted);
    }

    [Fact]
    public async Task Create_EmptyDraft_AsksForANameAndAJsonDocument()
    {
        var (dialogs, reference) = await ShowAsync();

        dialogs.Find("#create-save").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Enter a name.", dialogs.Markup, StringComparison.Ordinal), TestTimeouts.Safety);
        Assert.Contains("Enter one JSON document (null is a valid one).", dialogs.Markup, StringComparison.Ordinal);
        Assert.False(reference.Result.IsCompleted);
    }

    [Fact]
    public async Task JsonInput_InvalidJson_ShowsLineAndColumnAndCreateSetsNothing()
    {
        var (dialogs, reference) = await ShowAsync();

        dialogs.Find("#create-name").Input("app.broken");
        dialogs.Find("#create-json").Input("{\n  \"a\": 1,\n  \"b\": tru\n}");
        dialogs.Find("#create-save").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Line 3, column 11:", dialogs.Markup, StringComparison.Ordinal), TestTimeouts.Safety);
        Assert.Equal("true", dialogs.Find("#create-json").GetAttribute("aria-invalid"));
        Assert.Null(Registry.Get("app.broken"));
        Assert.False(reference.Result.IsCompleted);
    }

    [Fact]
    public async Task JsonInput_FixedAfterAnError_ClearsTheError()
    {
        var (dialogs, _) = await ShowAsync();
        dialogs.Find("#create-json").Input("{");
        dialogs.WaitForAssertion(() => Assert.Contains("Line 1, column 2:", dialogs.Markup, StringComparison.Ordinal), TestTimeouts.Safety);

        dialogs.Find("#create-json").Input("{}");

        dialogs.WaitForAssertion(() => Assert.Equal("false", dialogs.Find("#create-json").GetAttribute("aria-invalid")), TestTimeouts.Safety);
        Assert.DoesNotContain("Line 1", dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NameInput_ExistingName_SaysItExistsWhileTyping()
    {
        Set("app.taken", "1");
        var (dialogs, _) = await ShowAsync();

        dialogs.Find("#create-name").Input("app.taken");

        dialogs.WaitForAssertion(
            () => Assert.Contains("A value named 'app.taken' exists already (version 1). Choose another name.", dialogs.Markup, StringComparison.Ordinal),
            TestTimeouts.Safety);
    }

    [Fact]
    public async Task Create_NameTakenMeanwhile_IsAConflictThatKeepsTheDraftAndTheOtherValue()
    {
        var (dialogs, reference) = await ShowAsync();
        dialogs.Find("#create-name").Input("app.race");
        dialogs.Find("#create-json").Input("{\"mine\": true}");

        // Another program creates the name after the check while typing, before Create: compare-and-set decides.
        Set("app.race", "\"theirs\"");
        dialogs.Find("#create-save").Click();

        dialogs.WaitForAssertion(
            () => Assert.Contains("A value named 'app.race' exists already (version 1). Choose another name.", dialogs.Markup, StringComparison.Ordinal),
            TestTimeouts.Safety);
        Assert.Equal("app.race", dialogs.Find("#create-name").GetAttribute("value"));
        Assert.Equal("{\"mine\": true}", dialogs.Find("#create-json").GetAttribute("value"));
        Assert.Equal("\"theirs\"", Registry.Get("app.race")!.Value.GetRawText());
        Assert.False(reference.Result.IsCompleted);

        // The kept draft is created under a free name.
        dialogs.Find("#create-name").Input("app.race2");
        dialogs.Find("#create-save").Click();
        var result = await reference.Result.Within();
        Assert.Equal("app.race2", Assert.IsType<ValueSnapshot>(result!.Data).Name);
        Assert.True(Registry.Get("app.race2")!.Value.GetProperty("mine").GetBoolean());
    }

    [Fact]
    public async Task Create_ValueTooLarge_ShowsTheLimitAndKeepsTheDraft()
    {
        var (dialogs, reference) = await ShowAsync();
        var huge = "\"" + new string('x', new EventDashboardOptions().MaxValueBytes) + "\"";

        dialogs.Find("#create-name").Input("app.huge");
        dialogs.Find("#create-json").Input(huge);
        dialogs.Find("#create-save").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("the limit is", dialogs.Markup, StringComparison.Ordinal), TestTimeouts.Safety);
        Assert.Null(Registry.Get("app.huge"));
        Assert.False(reference.Result.IsCompleted);
    }

    [Fact]
    public async Task Show_Prefilled_ChecksTheDraftAtOnce()
    {
        var parameters = new DialogParameters<CreateValueDialog>
        {
            { d => d.InitialName, "bad name" },
            { d => d.InitialJson, "[1,]" },
        };

        var (dialogs, _) = await ShowAsync(parameters);

        Assert.Equal("bad name", dialogs.Find("#create-name").GetAttribute("value"));
        Assert.Contains(ValueName.Describe("bad name"), dialogs.Markup, StringComparison.Ordinal);
        Assert.Contains("Line 1, column 4:", dialogs.Markup, StringComparison.Ordinal);
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, IDialogReference Reference)> ShowAsync(DialogParameters<CreateValueDialog>? parameters = null)
    {
        var dialogs = Render<MudDialogProvider>();
        var service = Services.GetRequiredService<IDialogService>();
        var reference = await dialogs.InvokeAsync(() => service.ShowAsync<CreateValueDialog>("New value", parameters ?? []));
        dialogs.WaitForElement("#create-name", TestTimeouts.Safety);
        return (dialogs, reference);
    }
}
