using System.Net.WebSockets;
using LoadLab.PushCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LoadLab.Server.Endpoints;

/// <summary>
/// <c>GET /ws?topic=T</c>: a WebSocket that receives every message of the topic and publishes the
/// frames its client sends. With the <c>loadlab.v1</c> subprotocol each frame is
/// <c>{"id":N,"data":"..."}</c> and <c>?since=ID</c> resumes from the replay ring.
/// </summary>
internal sealed class WebSocketEndpoint(PushConnection connection, PushHub hub, IOptions<ReferenceServerOptions> options, ILogger<WebSocketEndpoint> logger)
{
    public const string SubProtocol = "loadlab.v1";

    private readonly ReferenceServerOptions _options = options.Value;

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await PushRequest.BadRequest(DescribeFailedUpgrade(context.Request)).ExecuteAsync(context);
            return;
        }

        await connection.RunAsync(context, Transport.WebSocket, (context.Request.Query["since"], "since"), subscription => AcceptAsync(context, subscription));
    }

    private async Task AcceptAsync(HttpContext context, Subscription subscription)
    {
        var useEnvelope = context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = useEnvelope ? SubProtocol : null,
            KeepAliveInterval = _options.HeartbeatInterval,
        });
        var session = new WebSocketSession(socket, subscription, useEnvelope, hub, _options, logger);
        await session.RunAsync(context.RequestAborted);
    }

    /// <summary>Names what a request that is not a WebSocket upgrade lacks; a proxy stripping the hop-by-hop headers is the usual cause.</summary>
    internal static string DescribeFailedUpgrade(HttpRequest request)
    {
        var problems = new List<string>();
        if (!HttpMethods.IsGet(request.Method))
        {
            problems.Add($"method is {request.Method}, a WebSocket handshake is a GET");
        }

        if (!request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("header 'Upgrade: websocket' is missing");
        }

        if (!request.Headers.Connection.ToString().Contains("upgrade", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("header 'Connection: Upgrade' is missing");
        }

        var version = request.Headers.SecWebSocketVersion.ToString();
        if (version != "13")
        {
            problems.Add(version.Length == 0 ? "header 'Sec-WebSocket-Version: 13' is missing" : $"Sec-WebSocket-Version is '{version}', only 13 is supported");
        }

        if (request.Headers.SecWebSocketKey.Count == 0)
        {
            problems.Add($"header '{HeaderNames.SecWebSocketKey}' is missing");
        }

        var details = problems.Count > 0 ? string.Join("; ", problems) : "the request is not a valid WebSocket handshake";
        return $"WebSocket upgrade expected at {request.Path}: {details}. A proxy without WebSocket support strips 'Upgrade' and 'Connection'.";
    }
}
