using System.Globalization;
using System.Threading.RateLimiting;
using EventDashboard.Web.Api.Internal;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// The limit on sign-in attempts per client address (<see cref="RateLimitOptions.SignInsPerMinute"/>), against
/// guessing keys through the sign-in form. Each address has its own window, so one guesser never locks out another
/// address; a refusal is 429 ProblemDetails with <c>Retry-After</c>.
/// </summary>
internal sealed class SignInRateLimitPolicy : IRateLimiterPolicy<string>
{
    public const string Name = "signin";

    private readonly int _perMinute;

    public SignInRateLimitPolicy(IOptions<AuthOptions> options) => _perMinute = options.Value.RateLimit.SignInsPerMinute;

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => static (context, _) =>
    {
        var retryAfter = WriteRateLimiter.RetryAfter(context.Lease);
        context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return new ValueTask(Problems.Create(
            StatusCodes.Status429TooManyRequests,
            "Too many sign-in attempts",
            $"This address made more sign-in attempts than its limit per minute ({AuthOptions.SectionName}:RateLimit:SignInsPerMinute); retry after {retryAfter.ToString(CultureInfo.InvariantCulture)} s.")
            .ExecuteAsync(context.HttpContext));
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(
            httpContext.Connection.RemoteIpAddress?.ToString() ?? string.Empty,
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = _perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
}
