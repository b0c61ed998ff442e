namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// The catalogue of finding codes. They are stable: scripts match on them in <c>doctor --json</c>, so a code is
/// never renamed, only added. <c>ws.</c> and <c>sse.</c> codes are transport specific, the rest shared.
/// </summary>
public static class FindingCodes
{
    public const string ConnectRefused = "connect.refused";
    public const string ConnectDns = "connect.dns";
    public const string ConnectTimeout = "connect.timeout";
    public const string ConnectReset = "connect.reset";
    public const string ConnectClosed = "connect.closed";
    public const string TlsFailed = "tls.failed";
    public const string NoResponse = "http.no-response";
    public const string NotHttp = "http.not-http";

    public const string Redirect = "redirect";
    public const string RedirectLogin = "redirect.login";
    public const string RedirectHttps = "redirect.https";
    public const string RedirectPath = "redirect.path";
    public const string DoubleSlash = "path.double-slash";
    public const string BadRequest = "http.bad-request";
    public const string AuthRequired = "auth.required";
    public const string Forbidden = "auth.forbidden";
    public const string NotFound = "http.not-found";
    public const string MethodNotAllowed = "http.method-not-allowed";
    public const string UpgradeRequired = "http.upgrade-required";
    public const string TooManyRequests = "http.too-many-requests";
    public const string BadGateway = "upstream.bad-gateway";
    public const string Unavailable = "upstream.unavailable";
    public const string GatewayTimeout = "upstream.timeout";
    public const string UnexpectedStatus = "http.status";

    public const string PublishFailed = "publish.failed";

    public const string WebSocketHandshake = "ws.handshake";
    public const string WebSocketUpgradeHeadersStripped = "ws.upgrade-headers-stripped";
    public const string WebSocketVersionRejected = "ws.version-rejected";
    public const string WebSocketNotUpgraded = "ws.not-upgraded";
    public const string WebSocketBadAccept = "ws.bad-accept";
    public const string WebSocketSubProtocolMismatch = "ws.subprotocol-mismatch";
    public const string WebSocketNoPong = "ws.no-pong";
    public const string WebSocketClosedByServer = "ws.closed-by-server";
    public const string WebSocketIdleCut = "ws.idle-cut";
    public const string WebSocketDropped = "ws.dropped";
    public const string WebSocketNoHeartbeatSeen = "ws.no-heartbeat-seen";
    public const string WebSocketDelivery = "ws.delivery";
    public const string WebSocketBuffered = "ws.buffered";
    public const string WebSocketEventsMissing = "ws.events-missing";

    public const string SseStream = "sse.stream";
    public const string SseWrongContentType = "sse.wrong-content-type";
    public const string SseCompressed = "sse.compressed";
    public const string SseHttp1 = "sse.http1";
    public const string SseNoId = "sse.no-id";
    public const string SseIdleCut = "sse.idle-cut";
    public const string SseEnded = "sse.ended";
    public const string SseNoHeartbeatSeen = "sse.no-heartbeat-seen";
    public const string SseDelivery = "sse.delivery";
    public const string SseBuffered = "sse.buffered";
    public const string SseEventsMissing = "sse.events-missing";
}
