using LoadLab.PushCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LoadLab.Server.Endpoints;

/// <summary>Maps the wire contract: <c>/ws</c>, <c>/sse</c>, <c>/poll</c>, <c>/publish</c>, <c>/metrics</c>, <c>/healthz</c>, <c>/admin/drop</c>, and the browser demo <c>/demo</c>.</summary>
internal static class PushEndpoints
{
    public static IEndpointRouteBuilder MapPushEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Map (not MapGet) for /ws: a handshake with the wrong method still gets the plain 400 reason.
        endpoints.Map("/ws", (HttpContext context, WebSocketEndpoint endpoint) => endpoint.HandleAsync(context));
        endpoints.MapGet("/sse", (HttpContext context, SseEndpoint endpoint) => endpoint.HandleAsync(context));
        endpoints.MapGet("/poll", (HttpContext context, LongPollEndpoint endpoint) => endpoint.HandleAsync(context));
        endpoints.MapPost("/publish", (HttpContext context, PublishEndpoint endpoint) => endpoint.HandleAsync(context))
            .AddEndpointFilter<PublishAuthorization>();
        endpoints.MapGet("/metrics", (MetricsEndpoint endpoint) => endpoint.Handle());
        endpoints.MapGet("/demo", DemoEndpoint.Html);
        endpoints.MapGet("/demo.js", DemoEndpoint.JavaScript);
        endpoints.MapPost("/admin/drop", (HttpContext context, AdminEndpoint endpoint) => endpoint.Drop(context))
            .AddEndpointFilter<PublishAuthorization>();
        endpoints.MapGet("/healthz", (PushHub hub) => HealthEndpoint.Handle(hub));
        endpoints.MapGet("/time", TimeEndpoint.Now);
        return endpoints;
    }
}
