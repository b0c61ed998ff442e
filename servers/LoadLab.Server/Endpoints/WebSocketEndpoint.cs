using System.Security.Cryptography;
using System.Text;
using LoadLab.PushCore;
using LoadLab.Server.Endpoints.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LoadLab.Server.Endpoints;

/// <summary>
/// <c>GET /ws?topic=T</c>: a WebSocket that receives every message of the topic and publishes the
/// frames its client sends. With the <c>loadlab.v1</c> subprotocol each frame is
/// <c>{"id":N,"data":"..."}</c> and <c>?since=ID</c> resumes from the replay ring.
/// </summary>
internal sealed class WebSocketEndpoint(PushConnection connection, PushHub hub, OriginPolicy origins, PublishAuthorization publishing, IOptions<ReferenceServerOptions> options, ILogger<WebSocketEndpoint> logger)
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

        if (!origins.IsAllowed(context.Request))
        {
            await PushRequest.Text(
                StatusCodes.Status403Forbidden,
                $"Origin '{context.Request.Headers.Origin}' may not open a WebSocket here: not this server's origin and not in Server:AllowedOrigins").ExecuteAsync(context);
            return;
        }

        await connection.RunAsync(context, Transport.WebSocket, (context.Request.Query["since"], "since"), subscription => AcceptAsync(context, subscription));
    }

    // RFC 6455 §4.2.2: the accept key is the SHA-1 of the client's key and this GUID.
    private const string AcceptKeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private async Task AcceptAsync(HttpContext context, Subscription subscription)
    {
        // The upgrade is done here rather than by the framework's WebSocket: the session writes whole frames
        // of the messages' shared bytes, several at a time, straight to the upgraded connection.
        if (context.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true } upgrade)
        {
            await PushRequest.BadRequest($"WebSocket at {context.Request.Path} needs an HTTP/1.1 upgrade").ExecuteAsync(context);
            return;
        }

        var useEnvelope = context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol);
        var headers = context.Response.Headers;
        headers.Connection = "Upgrade";
        headers.Upgrade = "websocket";
        headers.SecWebSocketAccept = AcceptKey(context.Request.Headers.SecWebSocketKey.ToString());
        if (useEnvelope)
        {
            headers.SecWebSocketProtocol = SubProtocol;
        }

        await using var transport = await upgrade.UpgradeAsync();
        var canPublish = publishing.IsAuthorized(context.Request);
        using var session = new WebSocketSession(context, transport, subscription, useEnvelope, canPublish, hub, _options, logger);
        await session.RunAsync();
    }

#pragma warning disable CA5350 // The protocol fixes SHA-1 here; it proves the handshake was read, it protects nothing.
    internal static string AcceptKey(string clientKey) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(clientKey + AcceptKeyGuid)));
#pragma warning restore CA5350

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
