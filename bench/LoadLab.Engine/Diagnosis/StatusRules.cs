namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// Findings from the status of a response that is not the stream asked for (<c>101</c> for a WebSocket,
/// <c>200</c> for SSE): what the status usually means for push, with the response as evidence.
/// </summary>
internal static class StatusRules
{
    private const string NginxWebSocketFix =
        "Configure the proxy for WebSocket; in nginx: proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection \"upgrade\";";

    public static IReadOnlyList<Finding> Diagnose(ProbeTransport transport, Uri target, ResponseHead head, string? origin)
    {
        var findings = new List<Finding>();
        if (head.StatusCode is >= 300 and < 400)
        {
            findings.Add(RedirectRules.Diagnose(transport, target, head));
        }
        else
        {
            findings.Add(ByStatus(transport, target, head, origin));
        }

        if (target.AbsolutePath.Contains("//", StringComparison.Ordinal))
        {
            findings.Add(new(FindingCodes.DoubleSlash, FindingSeverity.Warning, "The path contains '//'",
                [$"path: {target.AbsolutePath}"],
                "A base URL ending in '/' joined with a path starting with '/': many servers and proxies route '//' differently from '/'. Remove the extra slash."));
        }

        return findings;
    }

    private static Finding ByStatus(ProbeTransport transport, Uri target, ResponseHead head, string? origin)
    {
        var webSocket = transport == ProbeTransport.WebSocket;
        var status = head.StatusCode;
        return status switch
        {
            >= 200 and < 300 when webSocket => new(FindingCodes.WebSocketNotUpgraded, FindingSeverity.Error,
                $"The handshake was answered with {status}, not 101 Switching Protocols: no WebSocket",
                Evidence.Response(head, "Content-Type", "Server"),
                "This URL serves an ordinary response (a page, an SPA fallback, a health check): check the path, and that any proxy forwards the upgrade. " + NginxWebSocketFix),
            400 when webSocket && MentionsUpgradeHeaders(head) => new(FindingCodes.WebSocketUpgradeHeadersStripped, FindingSeverity.Error,
                "400 Bad Request: the upgrade headers did not reach the server (a proxy without WebSocket configuration strips them)",
                Evidence.Response(head, "Server", "Via"), NginxWebSocketFix),
            400 when webSocket && MentionsVersion(head) => new(FindingCodes.WebSocketVersionRejected, FindingSeverity.Error,
                "400 Bad Request: the server does not accept Sec-WebSocket-Version 13",
                Evidence.Response(head, "Sec-WebSocket-Version", "Server"),
                "RFC 6455 (version 13) is what every browser speaks: upgrade the server's WebSocket library, or check a proxy that rewrites the header."),
            400 => new(FindingCodes.BadRequest, FindingSeverity.Error, "400 Bad Request",
                Evidence.Response(head, "Server", "Via"),
                webSocket
                    ? "The server rejected the handshake; its body may say why. Behind a proxy, a missing WebSocket configuration is the usual cause: " + NginxWebSocketFix
                    : "The server rejected the request; its body may say why (a missing or invalid query parameter, such as the topic)."),
            401 => new(FindingCodes.AuthRequired, FindingSeverity.Error, "401 Unauthorized: the endpoint needs credentials",
                Evidence.Response(head, "WWW-Authenticate", "Server"),
                webSocket
                    ? "Send what the server expects: browsers cannot set headers on a WebSocket, so use a cookie or a token in the query string (or a subprotocol)."
                    : "Send what the server expects: EventSource cannot set headers, so use a cookie (withCredentials) or a token in the query string."),
            403 => new(FindingCodes.Forbidden, FindingSeverity.Error, "403 Forbidden: the server refused this client",
                Evidence.Lines([.. Evidence.Response(head, "Server"), origin is null ? null : $"Origin sent: {origin}"]),
                "If the server checks Origin (Spring setAllowedOrigins, ASP.NET AllowedOrigins, Socket.IO cors), allow the page's origin; behind a proxy, forward the Host header (nginx: proxy_set_header Host $host) so a same-origin check sees the public host. Otherwise send the credentials it expects (cookie, token, CSRF token)."),
            404 => new(FindingCodes.NotFound, FindingSeverity.Error, $"404 Not Found: nothing is served at {target.AbsolutePath}",
                Evidence.Response(head, "Server"),
                "Check the path: a missing context path (the application deployed under /app), a proxy location that does not forward this path, or a typo."),
            405 => new(FindingCodes.MethodNotAllowed, FindingSeverity.Error, "405 Method Not Allowed: the endpoint does not take GET",
                Evidence.Response(head, "Allow", "Server"),
                "A push stream is opened with GET: this URL is probably another endpoint (a publish URL?). Check the path."),
            426 => new(FindingCodes.UpgradeRequired, FindingSeverity.Error, "426 Upgrade Required",
                Evidence.Response(head, "Upgrade", "Sec-WebSocket-Version", "Server"),
                webSocket
                    ? "The server wants another protocol version or TLS (see its Upgrade header): try wss://."
                    : "This URL is a WebSocket endpoint, not an SSE stream: probe it as ws:// (or wss://)."),
            429 => new(FindingCodes.TooManyRequests, FindingSeverity.Error, "429 Too Many Requests: rate limited",
                Evidence.Response(head, "Retry-After", "Server"),
                "Back off and retry after Retry-After; check the connection limits per client of the server or proxy."),
            502 => new(FindingCodes.BadGateway, FindingSeverity.Error, "502 Bad Gateway: the proxy could not reach the application",
                Evidence.Response(head, "Server"),
                "The application behind the proxy is down, or the proxy points at the wrong address or port: check the upstream and the proxy's error log."),
            503 => new(FindingCodes.Unavailable, FindingSeverity.Error, "503 Service Unavailable: the server or its upstream is down or full",
                Evidence.Response(head, "Retry-After", "Server"),
                "The server is starting, overloaded or at its connection limit (see Retry-After); behind a proxy, no healthy upstream is left."),
            504 => new(FindingCodes.GatewayTimeout, FindingSeverity.Error, "504 Gateway Timeout: the application did not answer the proxy in time",
                Evidence.Response(head, "Server"),
                webSocket
                    ? "The upstream is slow or unreachable: check it, and the proxy's proxy_connect_timeout / proxy_read_timeout."
                    : "An SSE endpoint must send its headers at once, before the first event: flush the response headers as soon as the stream opens."),
            _ => new(FindingCodes.UnexpectedStatus, FindingSeverity.Error, $"Unexpected status {status}",
                Evidence.Response(head, "Content-Type", "Server"),
                webSocket ? "A WebSocket handshake must be answered with 101 Switching Protocols." : "An SSE stream must be answered with 200 and Content-Type: text/event-stream."),
        };
    }

    /// <summary>
    /// The probe sends every upgrade header, so a server that says one is missing did not get it: something on
    /// the way removed it. Matches the reference server's wording and the usual ones ("Can "Upgrade" only to "WebSocket"").
    /// </summary>
    private static bool MentionsUpgradeHeaders(ResponseHead head) =>
        head.BodyFirstLine is { } body
        && (body.Contains("Upgrade", StringComparison.OrdinalIgnoreCase) || body.Contains("Connection", StringComparison.OrdinalIgnoreCase))
        && (body.Contains("missing", StringComparison.OrdinalIgnoreCase) || body.Contains("only to", StringComparison.OrdinalIgnoreCase)
            || body.Contains("not a websocket", StringComparison.OrdinalIgnoreCase));

    /// <summary>RFC 6455 has a server that refuses the version list the ones it takes in <c>Sec-WebSocket-Version</c>.</summary>
    private static bool MentionsVersion(ResponseHead head) =>
        head.Header("Sec-WebSocket-Version") is not null
        || (head.BodyFirstLine?.Contains("Sec-WebSocket-Version", StringComparison.OrdinalIgnoreCase) ?? false);
}
