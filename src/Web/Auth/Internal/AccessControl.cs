using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>Registers and orders the access control pieces: who the caller is, what it may do, how often it may write.</summary>
internal static class AccessControl
{
    private const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static IServiceCollection AddAccessControl(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<AccessKeys>();
        services.AddSingleton<AccessMode>();
        services.AddSingleton<WriteRateLimiter>();
        services.AddSingleton<CrossSiteGuard>();
        services.AddSingleton<SecurityHeaders>();
        services.AddHostedService<AccessStartupCheck>();

        // The hosting layer logs every request's URL, query included, before any middleware runs, and SignalR's
        // JavaScript client sends the access key in the query (access_token) because a browser WebSocket cannot
        // carry a header. A secret must never be logged, so those request lines are not.
        services.AddLogging(logging => logging.AddFilter(RequestLogCategory, LogLevel.Warning));

        services.AddAuthentication(AccessKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AccessKeyAuthenticationHandler>(AccessKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(SignInCookie.SchemeName, SignInCookie.Configure);
        services.AddOidcSignIn();
        services.AddAuthorization(AccessPolicies.Add);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessProblemResultHandler>();
        services.AddRateLimiter(_ => { });
        services.AddSingleton<SignInRateLimitPolicy>();
        services.AddOptions<RateLimiterOptions>().Configure<WriteRateLimiter, SignInRateLimitPolicy>((options, writes, signIns) =>
        {
            writes.Configure(options);
            options.AddPolicy(SignInRateLimitPolicy.Name, signIns);
        });
        services.AddSingleton<AccessHubFilter>();
        services.Configure<HubOptions>(hub => hub.AddFilter<AccessHubFilter>());
        return services;
    }

    /// <summary>Adds the middleware, in order: headers, who the caller is, cross-site checks, what it may do, the write limit.</summary>
    public static IApplicationBuilder UseAccessControl(this IApplicationBuilder app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseAuthentication();
        app.UseMiddleware<CrossSiteGuard>();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Marks endpoints as needing <paramref name="role"/>.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, AccessRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(role.ToString());

    /// <summary>Marks endpoints as writes: they need <see cref="AccessRole.Operator"/> and spend from the caller's write limit.</summary>
    public static TBuilder RequireWriter<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRole(AccessRole.Operator).WithMetadata(WriteEndpoint.Instance);

    /// <summary>Marks endpoints that cover every value (export, import, access keys): a key limited to prefixes gets 403.</summary>
    public static TBuilder RequireWholeStore<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static (context, next) =>
        {
            var principal = AccessPrincipal.Of(context.HttpContext);
            return principal.Prefixes.Count == 0 ? next(context) : ValueTask.FromResult<object?>(AccessDenial.WholeStoreOnly(principal).ToProblem());
        });
}
