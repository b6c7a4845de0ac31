using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EventDashboard.Tests.Unit.Web.Api;

namespace EventDashboard.Tests.Unit.Web.Auth;

/// <summary>
/// Every HTTP route against every kind of principal on the real app: anonymous, a wrong secret, Viewer, Operator,
/// Admin and an Operator limited to <c>team.</c>. Each case says the status it must get; a refusal must be
/// ProblemDetails that says what is missing.
/// </summary>
public sealed class AccessMatrixTests : IClassFixture<AccessMatrixTests.App>
{
    private readonly App _app;

    public AccessMatrixTests(App app) => _app = app;

    public static TheoryData<string, string, string, int> Cases()
    {
        // Routes and what each principal gets: team.a and other.b exist; "gone.*" names never do.
        (string Method, string Path, int Viewer, int Operator, int Scoped)[] routes =
        [
            ("GET", "/api/values", 200, 200, 200),
            ("GET", "/api/values?prefix=other.&index=0&wait=1s", 200, 200, 200),
            ("GET", "/api/values/other.b", 200, 200, 404),
            ("GET", "/api/values/team.a", 200, 200, 200),
            ("HEAD", "/api/values/other.b", 200, 200, 404),
            ("GET", "/api/values/other.b?index=0&wait=1s", 200, 200, 404),
            ("GET", "/api/values/other.b/history", 200, 200, 404),
            ("GET", "/api/values/team.a/history", 200, 200, 200),
            ("GET", "/api/values/other.b/events", 200, 200, 404),
            ("GET", "/api/values/team.a/events", 200, 200, 200),
            ("GET", "/api/events", 200, 200, 200),
            ("PUT", "/api/values/team.new", 403, 201, 201),
            ("PUT", "/api/values/other.new", 403, 201, 403),
            ("DELETE", "/api/values/team.gone", 403, 404, 404),
            ("DELETE", "/api/values/other.gone", 403, 404, 403),
            ("GET", "/api/export", 200, 200, 403),
            ("POST", "/api/import", 403, 409, 403),
            ("GET", "/openapi/v1.json", 200, 200, 200),
        ];

        var cases = new TheoryData<string, string, string, int>();
        foreach (var (method, path, viewer, operatorStatus, scoped) in routes)
        {
            cases.Add("anonymous", method, path, 401);
            cases.Add("wrong", method, path, 401);
            cases.Add("viewer", method, path, viewer);
            cases.Add("operator", method, path, operatorStatus);
            cases.Add("admin", method, path, operatorStatus);
            cases.Add("scoped", method, path, scoped);
        }

        cases.Add("anonymous", "GET", "/healthz", 200);
        cases.Add("anonymous", "GET", "/readyz", 200);
        cases.Add("wrong", "GET", "/healthz", 200);
        cases.Add("anonymous", "GET", "/signin", 200);
        cases.Add("viewer", "GET", "/", 200);
        cases.Add("operator", "GET", "/changes", 200);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_EachPrincipalOnEachRoute_GetsItsStatus(string principal, string method, string path, int expected)
    {
        using var client = _app.ClientWith(App.SecretOf(principal));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT")
        {
            // Unique per case, so creations stay 201 whatever order the cases run in.
            request.RequestUri = new Uri($"{path}.{principal}", UriKind.Relative);
            request.Content = new StringContent("42", Encoding.UTF8, "application/json");
        }
        else if (method == "POST")
        {
            request.Content = new StringContent("{}\n", Encoding.UTF8, "application/x-ndjson");
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
        if (expected is 401 or 403 && method != "HEAD" && path != "/")
        {
            var problem = await ProblemAssert.IsProblemAsync(response, (HttpStatusCode)expected);
            Assert.Equal(ExpectedTitle(principal, expected, path), problem.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task List_ScopedKey_ShowsOnlyItsPrefix()
    {
        using var client = _app.ClientWith(KeyedApp.ScopedSecret);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/values");

        Assert.NotEmpty(list.EnumerateArray());
        Assert.All(list.EnumerateArray(), s => Assert.StartsWith("team.", s.GetProperty("name").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Put_ViewerKey_SaysTheRoleIsTooLow()
    {
        using var client = _app.ClientWith(KeyedApp.ViewerSecret);

        using var response = await client.PutAsync("/api/values/team.x", new StringContent("1", Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("The key 'viewer' has the role Viewer; this needs Operator.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Get_NoCredential_AsksForABearerKey()
    {
        using var client = _app.ClientWith(null);

        using var response = await client.GetAsync("/api/values");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization: Bearer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    private static string ExpectedTitle(string principal, int status, string path) => (principal, status) switch
    {
        ("anonymous", 401) => "Credential required",
        ("wrong", 401) => "Unknown access key",
        ("scoped", 403) => "Name outside the key's prefixes",
        _ when path == "/api/import" && principal == "scoped" => "Name outside the key's prefixes",
        _ => "Role too low",
    };

    public sealed class App : KeyedApp
    {
        public App()
        {
            using var client = ClientWith(OperatorSecret);
            foreach (var name in (string[])["team.a", "other.b"])
            {
                using var response = client.PutAsync($"/api/values/{name}", new StringContent("1", Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
                response.EnsureSuccessStatusCode();
            }
        }

        public static string? SecretOf(string principal) => principal switch
        {
            "anonymous" => null,
            "wrong" => WrongSecret,
            "viewer" => ViewerSecret,
            "operator" => OperatorSecret,
            "admin" => AdminSecret,
            "scoped" => ScopedSecret,
            _ => throw new ArgumentOutOfRangeException(nameof(principal)),
        };
    }
}
