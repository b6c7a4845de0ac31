using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace EventDashboard.Tests.Unit.Client;

/// <summary>
/// Notes every request a <see cref="LoopbackServer"/> receives, before anything else in its pipeline sees it, so a
/// test can tell what a client sent on each of its transports' requests.
/// </summary>
internal sealed class RequestRecorder : IStartupFilter
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            var request = context.Request;
            _requests.Enqueue(new RecordedRequest(request.Method, request.Path, request.QueryString.Value ?? "", request.Headers.Authorization.ToString()));
            return nextMiddleware(context);
        });
        next(app);
    };
}
