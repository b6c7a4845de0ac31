using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using EventDashboard.Core;
using EventDashboard.Protocol;
using EventDashboard.Web.Api.Internal;
using EventDashboard.Web.Auth;
using EventDashboard.Web.Auth.Internal;
using EventDashboard.Web.Operations;
using EventDashboard.Web.Values;
using EventDashboard.Web.Values.Internal;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EventDashboard.Web.Api;

/// <summary>The HTTP/JSON API of the hosted values under <c>/api/values</c>; see docs/API.md.</summary>
public static class ValuesEndpoints
{
    /// <summary>The response header that carries a value's version, as Consul's <c>X-Consul-Index</c> does.</summary>
    public const string IndexHeader = "X-Index";

    // HEAD answers exactly like GET, blocking queries included, without the body (the server drops it).
    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>Maps the values API.</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <returns>The route group, for further conventions.</returns>
    public static RouteGroupBuilder MapValues(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/values").WithTags("Values");
        group.MapMethods("/", GetAndHead, ListAsync)
            .RequireRole(AccessRole.Viewer)
            .WithSummary("Lists the values (with prefix=p, those whose name starts with p), sorted by name; with index=N waits (up to wait=) for a change under the prefix at a log index above N.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapMethods("/{name}", GetAndHead, GetAsync)
            .RequireRole(AccessRole.Viewer)
            .WithSummary("Gets a value; with index=N waits (up to wait=, default 5m, max 10m) for a version above N.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{name}", PutAsync)
            .RequireWriter()
            .WithSummary("Sets a value (the body is the JSON document); If-Match: \"<version>\" makes it compare-and-set, If-Match: * sets only a value that exists.")
            .WithMetadata(new JsonBodyTransformer.JsonDocumentBody())
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapDelete("/{name}", DeleteAsync)
            .RequireWriter()
            .WithSummary("Deletes a value: a new version without a value. If-Match: \"<version>\" makes it compare-and-delete.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapMethods("/{name}/history", GetAndHead, GetHistory)
            .RequireRole(AccessRole.Viewer)
            .WithSummary("Gets the retained Sets of a value, newest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/events", GetEvents)
            .RequireRole(AccessRole.Viewer)
            .WithSummary("Streams the newest versions of a value (and its deletes) as Server-Sent Events; resumes after Last-Event-ID.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        // An event stream has no HEAD. Said explicitly, because the static assets' catch-all route (for files)
        // would otherwise take HEAD into the allowed methods and turn the 405 into a 404.
        group.MapMethods("/{name}/events", [HttpMethods.Head], EventStreamHead).ExcludeFromDescription();
        endpoints.MapGet("/api/events", GetPrefixEvents)
            .RequireRole(AccessRole.Viewer)
            .WithTags("Values")
            .WithSummary("Streams the changes of every value (with prefix=p, of those under p) as Server-Sent Events, newest only per value, with the log index as id; resumes after Last-Event-ID.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        endpoints.MapMethods("/api/events", [HttpMethods.Head], EventStreamHead).ExcludeFromDescription();
        return group;
    }

    private static ProblemHttpResult EventStreamHead(HttpResponse response)
    {
        response.Headers.Allow = HttpMethods.Get;
        return Problems.Create(StatusCodes.Status405MethodNotAllowed, "Method not allowed", "An event stream answers GET only.");
    }

    // X-Index is the registry-wide log index, read before the list: every change up to it is in the list, so a
    // reader that waits for a change above it misses none (it may see one it already has, never the reverse).
    private static async Task<Results<Ok<IReadOnlyList<ValueSnapshot>>, ProblemHttpResult>> ListAsync(
        string? prefix,
        string? index,
        string? wait,
        HttpContext context,
        ValueRegistry registry,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        EventDashboardMetrics metrics,
        CancellationToken cancellationToken)
    {
        prefix ??= string.Empty;
        if (!ValueName.IsValidPrefix(prefix))
        {
            return Problems.BadParameter(ValueName.DescribePrefix(prefix));
        }

        if (index is not null)
        {
            if (!TryParseWait(index, wait, out var afterIndex, out var waitFor, out var problem))
            {
                return problem;
            }

            // An index above the log's means another store (or a made-up index): answer at once, and the lower
            // X-Index tells the reader to start over, as with Consul.
            if (afterIndex <= registry.LastIndex)
            {
                await BlockingQuery.WaitForPrefixAsync(
                    registry, prefix, afterIndex, WaitDuration.WithJitter(waitFor, Random.Shared.NextDouble()), time, metrics, lifetime.ApplicationStopping, cancellationToken);
            }
        }

        // A key limited to prefixes sees only what it may read, as if nothing else existed.
        context.Response.Headers[IndexHeader] = registry.LastIndex.ToString(CultureInfo.InvariantCulture);
        var principal = AccessPrincipal.Of(context);
        return TypedResults.Ok<IReadOnlyList<ValueSnapshot>>([.. registry.List(prefix).Where(s => principal.Covers(s.Name))]);
    }

    private static async Task<Results<Ok<ValueSnapshot>, ProblemHttpResult>> GetAsync(
        string name,
        string? index,
        string? wait,
        HttpContext context,
        ValueRegistry registry,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        EventDashboardMetrics metrics,
        CancellationToken cancellationToken)
    {
        if (!ValueName.IsValid(name))
        {
            return Problems.InvalidName(name);
        }

        if (!AccessPrincipal.Of(context).Covers(name))
        {
            context.Response.Headers[IndexHeader] = "0";
            return Problems.NotFound(name);
        }

        ValueState? state;
        if (index is null)
        {
            state = registry.GetState(name);
        }
        else
        {
            if (!TryParseWait(index, wait, out var minIndex, out var waitFor, out var problem))
            {
                return problem;
            }

            state = await BlockingQuery.WaitAsync(
                registry, name, minIndex, WaitDuration.WithJitter(waitFor, Random.Shared.NextDouble()), time, metrics, lifetime.ApplicationStopping, cancellationToken);
        }

        // A 404 carries the index too: a blocking reader of a deleted (or never set) value resumes from it.
        context.Response.Headers[IndexHeader] = (state?.Version ?? 0).ToString(CultureInfo.InvariantCulture);
        if (state is null or { Deleted: true })
        {
            return Problems.NotFound(name, state?.Version ?? 0);
        }

        SetVersionHeaders(context.Response, state.Version);
        return TypedResults.Ok(registry.ToSnapshot(name, state));
    }

    private static async Task<Results<Created<ValueSnapshot>, Ok<ValueSnapshot>, ProblemHttpResult>> PutAsync(
        string name, HttpRequest request, ValueRegistry registry, IOptions<EventDashboardOptions> options, CancellationToken cancellationToken)
    {
        // Checks run cheapest first, and the registry changes nothing unless all of them pass.
        if (!ValueName.IsValid(name))
        {
            return Problems.InvalidName(name);
        }

        var principal = AccessPrincipal.Of(request.HttpContext);
        if (!principal.Covers(name))
        {
            return AccessDenial.OutsidePrefixes(principal, name).ToProblem();
        }

        if (!request.HasJsonContentType())
        {
            return Problems.UnsupportedMediaType(request.ContentType);
        }

        IfMatch? ifMatch = null;
        if (request.Headers.IfMatch.Count > 0 && !IfMatch.TryParse(request.Headers.IfMatch, out ifMatch, out var error))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid If-Match header", error);
        }

        var limit = options.Value.MaxValueBytes;
        var body = await RequestBody.ReadAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(request.ContentLength, limit);
        }

        var outcome = await registry.SetAsync(name, body, Origin(request, principal), ifMatch?.ExpectedVersion);
        if (!outcome.Succeeded)
        {
            return Problems.Rejected(outcome);
        }

        var snapshot = outcome.Snapshot!;
        SetVersionHeaders(request.HttpContext.Response, snapshot.Version);
        return outcome.Kind == SetOutcomeKind.Created
            ? TypedResults.Created($"/api/values/{name}", snapshot)
            : TypedResults.Ok(snapshot);
    }

    private static async Task<Results<Ok<ValueDeletion>, ProblemHttpResult>> DeleteAsync(string name, HttpRequest request, ValueRegistry registry)
    {
        if (!ValueName.IsValid(name))
        {
            return Problems.InvalidName(name);
        }

        var principal = AccessPrincipal.Of(request.HttpContext);
        if (!principal.Covers(name))
        {
            return AccessDenial.OutsidePrefixes(principal, name).ToProblem();
        }

        IfMatch? ifMatch = null;
        if (request.Headers.IfMatch.Count > 0 && !IfMatch.TryParse(request.Headers.IfMatch, out ifMatch, out var error))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid If-Match header", error);
        }

        var outcome = await registry.DeleteAsync(name, Origin(request, principal), ifMatch?.ExpectedVersion);
        if (outcome.Deletion is not { } deletion)
        {
            request.HttpContext.Response.Headers[IndexHeader] = registry.GetVersion(name).ToString(CultureInfo.InvariantCulture);
            return Problems.Rejected(outcome);
        }

        SetVersionHeaders(request.HttpContext.Response, deletion.Version);
        return TypedResults.Ok(deletion);
    }

    private static async Task<Results<Ok<ValueHistory>, ProblemHttpResult>> GetHistory(
        string name, string? limit, HttpContext context, ValueRegistry registry, IOptions<EventDashboardOptions> options, CancellationToken cancellationToken)
    {
        if (!ValueName.IsValid(name))
        {
            return Problems.InvalidName(name);
        }

        if (!AccessPrincipal.Of(context).Covers(name))
        {
            return Problems.NotFound(name);
        }

        var take = options.Value.HistoryLimit;
        if (limit is not null && !TryParseLimit(limit, out take))
        {
            return Problems.BadParameter($"limit must be a whole number of 1 or more, but it is '{limit}'.");
        }

        return await registry.GetHistoryAsync(name, take, cancellationToken) is { } history ? TypedResults.Ok(history) : Problems.NotFound(name);
    }

    private static Results<ServerSentEventsResult<object>, ProblemHttpResult> GetEvents(
        string name, HttpRequest request, ValueRegistry registry, IHostApplicationLifetime lifetime, EventDashboardMetrics metrics, StalledSends stalled)
    {
        if (!ValueName.IsValid(name))
        {
            return Problems.InvalidName(name);
        }

        if (!AccessPrincipal.Of(request.HttpContext).Covers(name))
        {
            return Problems.NotFound(name);
        }

        return EventStream(request, registry, lifetime, metrics, stalled, "version", (afterVersion, token) => WatchValueAsync(registry, metrics, name, afterVersion, token), state => state.Version);
    }

    // One change per Get of a Core watcher: while the response is slow to flush, newer versions replace each other
    // in the watcher, exactly like the hub's pushes. The watcher counts the stream among the value's watchers.
    private static async IAsyncEnumerable<PrefixChange> WatchValueAsync(
        ValueRegistry registry, EventDashboardMetrics metrics, string name, long afterVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var watcher = registry.WatchStates(name, WatcherKind.EventStream);
        var options = GetOptions<ValueState>.Where(s => s.Version > afterVersion);
        while (true)
        {
            var state = await watcher.GetStateAsync(options, cancellationToken);
            metrics.CountSkipped(afterVersion, state.Version, "event_stream");
            afterVersion = state.Version;
            yield return new PrefixChange(name, state);
            options = GetOptions<ValueState>.Default;
        }
    }

    private static bool TryParseWait(string index, string? wait, out long afterIndex, out TimeSpan waitFor, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        waitFor = WaitDuration.Default;
        problem = null;
        if (!long.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out afterIndex))
        {
            problem = Problems.BadParameter($"index must be an X-Index this API sent (a whole number of 0 or more), but it is '{index}'.");
        }
        else if (wait is not null && !WaitDuration.TryParse(wait, out waitFor))
        {
            problem = Problems.BadParameter($"wait must be a duration such as 30s, 5m or 1m30s (at most 10m), but it is '{wait}'.");
        }

        return problem is null;
    }

    private static Results<ServerSentEventsResult<object>, ProblemHttpResult> GetPrefixEvents(
        string? prefix, HttpRequest request, ValueRegistry registry, IHostApplicationLifetime lifetime, EventDashboardMetrics metrics, StalledSends stalled)
    {
        prefix ??= string.Empty;
        if (!ValueName.IsValidPrefix(prefix))
        {
            return Problems.BadParameter(ValueName.DescribePrefix(prefix));
        }

        // The registry's prefix watch is newest-only per value. An index above the log's is not one this store
        // sent (a made-up id): the stream starts over rather than wait for the log to reach it.
        return EventStream(
            request,
            registry,
            lifetime,
            metrics,
            stalled,
            "log index",
            (afterIndex, token) => Visible(registry.WatchPrefixAsync(prefix, afterIndex > registry.LastIndex ? 0 : afterIndex, token), AccessPrincipal.Of(request.HttpContext)),
            state => state.Index);
    }

    // The Server-Sent Events of a watch, resumed after Last-Event-ID: a Set is a snapshot, a delete an event of type
    // "deleted", each with the id <store id>:<position>, where the position is what the watch resumes after.
    private static Results<ServerSentEventsResult<object>, ProblemHttpResult> EventStream(
        HttpRequest request,
        ValueRegistry registry,
        IHostApplicationLifetime lifetime,
        EventDashboardMetrics metrics,
        StalledSends stalled,
        string positionName,
        Func<long, CancellationToken, IAsyncEnumerable<PrefixChange>> watch,
        Func<ValueState, long> positionOf)
    {
        var lastEventId = request.Headers["Last-Event-ID"].ToString();
        if (!StreamEventId.TryParse(lastEventId, registry.StoreId, out var after))
        {
            return Problems.Create(
                StatusCodes.Status400BadRequest,
                "Invalid Last-Event-ID header",
                $"Last-Event-ID must be an id this stream sent (<store id>:<{positionName}>), but it is '{lastEventId}'.");
        }

        var context = request.HttpContext;
        return TypedResults.ServerSentEvents(StreamAsync(registry, metrics, stalled, token => watch(after, token), positionOf, context.Response, lifetime.ApplicationStopping, context.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<object>> StreamAsync(
        ValueRegistry registry,
        EventDashboardMetrics metrics,
        StalledSends stalled,
        Func<CancellationToken, IAsyncEnumerable<PrefixChange>> watch,
        Func<ValueState, long> positionOf,
        HttpResponse response,
        CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The result has set the event-stream headers by now; sending them before the first wait lets the client
        // know the stream is open even when nothing newer comes for a while.
        await response.Body.FlushAsync(cancellationToken);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        await using var changes = watch(ending.Token).GetAsyncEnumerator(ending.Token);
        using var sends = stalled.Track(response.HttpContext);
        metrics.EventStreamsChanged(1);
        try
        {
            while (true)
            {
                try
                {
                    if (!await changes.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException) when (ending.IsCancellationRequested)
                {
                    // The client went away, or the host is stopping: end the stream quietly. On shutdown the response
                    // completes normally, so the client reconnects with Last-Event-ID and misses nothing.
                    yield break;
                }

                var (name, state) = changes.Current;
                var id = StreamEventId.Format(registry.StoreId, positionOf(state));

                // The result writes and flushes the event before it asks for the next one: from here to there the
                // event is in flight, and a stream that stays there for the send time-out is closed (StalledSends).
                sends.Begin();
                yield return state.Deleted
                    ? new SseItem<object>(registry.ToDeletion(name, state), StreamEventId.DeletedType) { EventId = id }
                    : new SseItem<object>(registry.ToSnapshot(name, state)) { EventId = id };
                sends.End();
            }
        }
        finally
        {
            metrics.EventStreamsChanged(-1);
        }
    }

    private static SetOrigin Origin(HttpRequest request, AccessPrincipal principal) =>
        new(SetSource.Http, request.HttpContext.Connection.RemoteIpAddress?.ToString(), principal.Name);

    // The changes a key limited to prefixes may read; the others pass by as if those values did not exist.
    private static async IAsyncEnumerable<PrefixChange> Visible(IAsyncEnumerable<PrefixChange> changes, AccessPrincipal principal)
    {
        await foreach (var change in changes)
        {
            if (principal.Covers(change.Name))
            {
                yield return change;
            }
        }
    }

    private static void SetVersionHeaders(HttpResponse response, long version)
    {
        var text = version.ToString(CultureInfo.InvariantCulture);
        response.Headers.ETag = new EntityTagHeaderValue($"\"{text}\"").ToString();
        response.Headers[IndexHeader] = text;
    }

    // A limit above what is retained means "all of them", however many digits it has.
    private static bool TryParseLimit(string text, out int limit)
    {
        limit = int.MaxValue;
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            limit = parsed;
        }

        return limit >= 1;
    }
}
