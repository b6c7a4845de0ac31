using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventDashboard.Tests.Unit.TestSupport.Oidc;

/// <summary>
/// A small, real OpenID Connect provider on a loopback port, for testing the server's sign-in against: discovery,
/// a JSON web key set (an RSA key made per run), an authorization endpoint and a token endpoint for the code flow
/// with PKCE. The person at the provider's page is whoever the request's <c>login_hint</c> names among
/// <see cref="AddUser"/>'s users (the test, as the browser, adds it); without one the provider answers
/// <c>access_denied</c>. It checks what a provider must (client, redirect URI, PKCE verifier, single-use codes) and
/// signs ID tokens with issuer, audience, lifetime, nonce and the person's claims. It is infrastructure, not a mock:
/// the server's handling of what it sends is what the tests check.
/// </summary>
internal sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "eventdashboard-tests";
    public const string ClientSecret = "client-secret-6f1d2c9e83";
    public const string RoleClaim = "groups";
    private const string KeyId = "test-signing-key";

    private readonly WebApplication _app;
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RSA _otherRsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, OidcTestUser> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _issued = new();
    private readonly ConcurrentDictionary<string, bool> _forgedFor = new(StringComparer.Ordinal);
    private int _redeemed;

    private TestOidcProvider(WebApplication app)
    {
        _app = app;
        MapEndpoints(app);
    }

    /// <summary>Gets the issuer, which is also the authority the server is configured with.</summary>
    public string Issuer { get; private set; } = string.Empty;

    /// <summary>Gets every authorization code and token this provider gave out, for the check that none is logged.</summary>
    public IReadOnlyList<string> Issued => [.. _issued];

    /// <summary>Gets how many codes were redeemed at the token endpoint.</summary>
    public int Redeemed => Volatile.Read(ref _redeemed);

    /// <summary>Starts a provider on a free loopback port.</summary>
    public static async Task<TestOidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var provider = new TestOidcProvider(builder.Build());
        await provider._app.StartAsync();
        provider.Issuer = provider._app.Urls.First().TrimEnd('/');
        return provider;
    }

    /// <summary>Adds a person who can sign in, by <see cref="OidcTestUser.Subject"/> as the login hint.</summary>
    public void AddUser(OidcTestUser user) => _users[user.Subject] = user;

    /// <summary>Makes the ID tokens of <paramref name="subject"/> signed by a key that the key set does not hold (with its key id): a forged token.</summary>
    public void ForgeTokensFor(string subject) => _forgedFor[subject] = true;

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
        _otherRsa.Dispose();
    }

    private static string Random() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private void MapEndpoints(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Text(
            $$"""
            {
              "issuer": "{{Issuer}}",
              "authorization_endpoint": "{{Issuer}}/authorize",
              "token_endpoint": "{{Issuer}}/token",
              "jwks_uri": "{{Issuer}}/jwks",
              "response_types_supported": ["code"],
              "subject_types_supported": ["public"],
              "id_token_signing_alg_values_supported": ["RS256"],
              "code_challenge_methods_supported": ["S256"],
              "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"]
            }
            """,
            "application/json"));

        app.MapGet("/jwks", () =>
        {
            var parameters = _rsa.ExportParameters(includePrivateParameters: false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new { kty = "RSA", use = "sig", alg = SecurityAlgorithms.RsaSha256, kid = KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
                },
            });
        });

        app.MapGet("/authorize", Authorize);
        app.MapPost("/token", TokenAsync);
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        string Get(string name) => query[name].ToString();
        if (Get("client_id") != ClientId || Get("response_type") != "code" || Get("redirect_uri") is not { Length: > 0 } redirect)
        {
            return Results.BadRequest(new { error = "invalid_request" });
        }

        // The code flow without PKCE is what this provider (like the server) refuses.
        if (Get("code_challenge_method") != "S256" || Get("code_challenge").Length == 0 || Get("nonce").Length == 0)
        {
            return Results.Redirect(QueryHelpers.AddQueryString(redirect, new Dictionary<string, string?> { ["error"] = "invalid_request", ["state"] = Get("state") }));
        }

        if (!_users.TryGetValue(Get("login_hint"), out var user))
        {
            return Results.Redirect(QueryHelpers.AddQueryString(redirect, new Dictionary<string, string?> { ["error"] = "access_denied", ["state"] = Get("state") }));
        }

        var code = Random();
        _issued.Enqueue(code);
        _grants[code] = new Grant(user, Get("nonce"), Get("code_challenge"), redirect);
        return Results.Redirect(QueryHelpers.AddQueryString(redirect, new Dictionary<string, string?> { ["code"] = code, ["state"] = Get("state") }));
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        string Get(string name) => form[name].ToString();
        var (clientId, secret) = ClientOf(request, Get("client_id"), Get("client_secret"));
        if (clientId != ClientId || secret != ClientSecret)
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        // Single use: a code is gone once presented, right or wrong.
        if (Get("grant_type") != "authorization_code" || !_grants.TryRemove(Get("code"), out var grant)
            || grant.RedirectUri != Get("redirect_uri") || Challenge(Get("code_verifier")) != grant.CodeChallenge)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        Interlocked.Increment(ref _redeemed);
        var idToken = IdToken(grant);
        var accessToken = Random();
        _issued.Enqueue(idToken);
        _issued.Enqueue(accessToken);
        return Results.Json(new { id_token = idToken, access_token = accessToken, token_type = "Bearer", expires_in = 300 });
    }

    private static (string? Id, string? Secret) ClientOf(HttpRequest request, string formId, string formSecret)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : null);
        }

        return (formId, formSecret);
    }

    private string IdToken(Grant grant)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = grant.User.Subject,
            ["nonce"] = grant.Nonce,
        };
        if (grant.User.UserName is { } userName)
        {
            claims["preferred_username"] = userName;
        }

        if (grant.User.Roles.Length > 0)
        {
            claims[RoleClaim] = grant.User.Roles;
        }

        var rsa = _forgedFor.ContainsKey(grant.User.Subject) ? _otherRsa : _rsa;
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    private sealed record Grant(OidcTestUser User, string Nonce, string CodeChallenge, string RedirectUri);
}
