using System.Security.Claims;
using EventDashboard.Web.Auth;
using EventDashboard.Web.Auth.Internal;

namespace EventDashboard.Tests.Unit.Web.Auth.Internal;

/// <summary>How the claims of a validated ID token become a name and a role.</summary>
public sealed class OidcPeopleTests
{
    private static readonly OidcOptions Mapped = new()
    {
        RoleClaim = "groups",
        Roles = new Dictionary<string, IList<string>>
        {
            ["admin"] = ["ops-admins"],
            ["Operator"] = ["ops-operators", "sre"],
            ["Viewer"] = ["everyone"],
        },
    };

    [Fact]
    public void RoleOf_SeveralMappedValues_IsTheHighest()
    {
        var role = OidcPeople.RoleOf(Person(("groups", "everyone"), ("groups", "SRE")), Mapped);

        Assert.Equal(AccessRole.Operator, role);
    }

    [Fact]
    public void RoleOf_RoleKeyInAnotherCase_Maps()
    {
        var role = OidcPeople.RoleOf(Person(("groups", "ops-admins")), Mapped);

        Assert.Equal(AccessRole.Admin, role);
    }

    [Fact]
    public void RoleOf_NoMappedValueAndNoDefault_IsNone()
    {
        var role = OidcPeople.RoleOf(Person(("groups", "marketing"), ("role", "Admin")), Mapped);

        Assert.Null(role);
    }

    [Fact]
    public void RoleOf_NoMappedValueWithDefault_IsTheDefault()
    {
        var options = new OidcOptions { RoleClaim = "groups", Roles = Mapped.Roles, DefaultRole = AccessRole.Viewer };

        var role = OidcPeople.RoleOf(Person(("groups", "marketing")), options);

        Assert.Equal(AccessRole.Viewer, role);
    }

    [Fact]
    public void RoleOf_NoMapping_TakesRoleNamesInAnyCase()
    {
        var role = OidcPeople.RoleOf(Person(("role", "viewer"), ("role", "OPERATOR"), ("role", "boss")), new OidcOptions());

        Assert.Equal(AccessRole.Operator, role);
    }

    [Fact]
    public void NameOf_NoPreferredUsername_FallsBackToEmailThenSub()
    {
        var options = new OidcOptions();

        Assert.Equal("ann@example.com", OidcPeople.NameOf(Person(("sub", "123"), ("email", "ann@example.com")), options));
        Assert.Equal("123", OidcPeople.NameOf(Person(("sub", "123")), options));
        Assert.Equal("ann", OidcPeople.NameOf(Person(("sub", "123"), ("preferred_username", "ann"), ("email", "ann@example.com")), options));
    }

    [Fact]
    public void NameOf_OnlyAFreeTextName_IsTheSubjectNotTheName()
    {
        var name = OidcPeople.NameOf(Person(("sub", "8f3a"), ("name", "ci-deploy")), new OidcOptions());

        Assert.Equal("8f3a", name);
    }

    [Fact]
    public void NameOf_ConfiguredClaim_ComesFirst()
    {
        var options = new OidcOptions { NameClaim = "upn" };

        var name = OidcPeople.NameOf(Person(("preferred_username", "ann"), ("upn", "ann@corp.example")), options);

        Assert.Equal("ann@corp.example", name);
    }

    private static ClaimsPrincipal Person(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));
}
