using System.Globalization;
using System.Threading.RateLimiting;
using EventDashboard.Web.Api.Internal;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EventDashboard.Web.Auth.Internal;

/// <summary>
/// The per-principal limit on writes (<see cref="RateLimitOptions.WritesPerSecond"/>): one token bucket per key
/// (anonymous callers share one), spent by HTTP writes through ASP.NET Core's rate limiter middleware and by hub
/// Sets and deletes, so both paths draw on the same budget. Each principal has its own bucket, so one at its limit
/// never slows another. Open access (no keys, loopback only) has no limit: its one principal is whoever uses this
/// machine, as in benchmarks and soak runs, and there is nobody else for it to crowd out.
/// </summary>
internal sealed class WriteRateLimiter : IDisposable
{
    private const string AnonymousPartition = "\0anonymous";
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly AccessMode _mode;

    public WriteRateLimiter(IOptions<AuthOptions> options, AccessMode mode)
    {
        _mode = mode;
        var perSecond = options.Value.RateLimit.WritesPerSecond;
        _limiter = PartitionedRateLimiter.Create<string, string>(principal => principal.Length == 0 ? RateLimitPartition.GetNoLimiter(principal) : RateLimitPartition.GetTokenBucketLimiter(
            principal,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perSecond,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Takes one write from the principal's budget; the lease says whether it was granted and, if not, when to retry.</summary>
    public RateLimitLease Acquire(AccessPrincipal? principal) => _limiter.AttemptAcquire(Partition(principal));

    /// <summary>Makes <see cref="RateLimiterOptions.GlobalLimiter"/> spend from these buckets for the endpoints marked <see cref="WriteEndpoint"/>, and answer 429 ProblemDetails.</summary>
    public void Configure(RateLimiterOptions options)
    {
        options.GlobalLimiter = _limiter.WithTranslatedKey<HttpContext>(
            context => context.GetEndpoint()?.Metadata.GetMetadata<WriteEndpoint>() is null ? string.Empty : Partition(AccessPrincipal.From(context.User)),
            leaveOpen: true);
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (context, _) =>
        {
            var retryAfter = RetryAfter(context.Lease);
            context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return new ValueTask(TooMany(AccessPrincipal.From(context.HttpContext.User), retryAfter).ExecuteAsync(context.HttpContext));
        };
    }

    public static int RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;

    public static string Describe(AccessPrincipal? principal, int retryAfterSeconds) =>
        $"{principal?.Description ?? "An anonymous caller"} made more writes than its limit per second ({AuthOptions.SectionName}:RateLimit:WritesPerSecond); retry after {retryAfterSeconds.ToString(CultureInfo.InvariantCulture)} s.";

    public void Dispose() => _limiter.Dispose();

    // Reads are not limited here: an empty key is a partition without a limiter. A person and a key of the same
    // name are two principals, so they get two buckets.
    private string Partition(AccessPrincipal? principal) => principal switch
    {
        { Name: { } name, IsPerson: true } => "\0person:" + name,
        { Name: { } name } => name,
        _ => _mode.IsOpenLoopback ? string.Empty : AnonymousPartition,
    };

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooMany(AccessPrincipal? principal, int retryAfter) =>
        Problems.Create(StatusCodes.Status429TooManyRequests, "Too many writes", Describe(principal, retryAfter));
}
