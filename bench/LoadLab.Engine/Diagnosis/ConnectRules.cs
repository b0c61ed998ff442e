namespace LoadLab.Engine.Diagnosis;

/// <summary>Findings when no HTTP response came: nothing listens, the name does not resolve, packets vanish, TLS fails.</summary>
internal static class ConnectRules
{
    public static Finding Diagnose(ProbeTransport transport, Uri target, ConnectError error, TimeSpan timeout)
    {
        var endpoint = $"{target.Host}:{target.Port}";
        IReadOnlyList<string> evidence = [$"{error.Step}: {error.Message}"];
        return (error.Kind, error.Step) switch
        {
            (ConnectError.Refused, _) => new(FindingCodes.ConnectRefused, FindingSeverity.Error, $"Connection refused: nothing listens on {endpoint}", evidence,
                "Start the server, or check the host and port (a server bound to 127.0.0.1 is not reachable from another machine or container)."),
            (ConnectError.Dns, _) => new(FindingCodes.ConnectDns, FindingSeverity.Error, $"The host name '{target.Host}' does not resolve", evidence,
                "Check the host name for typos, and the DNS (or /etc/hosts) of the machine that connects."),
            (ConnectError.Timeout, "connect") => new(FindingCodes.ConnectTimeout, FindingSeverity.Error, $"No answer from {endpoint} within {Evidence.Seconds(timeout)}", evidence,
                "A firewall or security group drops the packets, or the host is down; check that the port is open from this machine."),
            (ConnectError.Timeout, "tls") => new(FindingCodes.TlsFailed, FindingSeverity.Error, $"The TLS handshake with {endpoint} did not finish within {Evidence.Seconds(timeout)}", evidence,
                "Something listens but does not speak TLS on this port: try the plain scheme (ws://, http://) or the TLS port."),
            (ConnectError.Timeout, _) => new(FindingCodes.NoResponse, FindingSeverity.Error, $"Connected, but no response headers within {Evidence.Seconds(timeout)}", evidence,
                transport == ProbeTransport.Sse
                    ? "The server or a proxy holds the response. Behind a proxy that buffers (nginx: proxy_buffering), an SSE stream's headers wait until events fill the buffer: probe with --publish to see; otherwise check that the upstream answers."
                    : "The server (or a proxy waiting for its upstream) holds the request: check that the upstream answers, and the proxy's connect/read timeouts."),
            (ConnectError.Tls, _) => new(FindingCodes.TlsFailed, FindingSeverity.Error, $"The TLS handshake with {endpoint} failed", evidence,
                "Check the certificate (expired, self-signed, or not for this host name) and that the port speaks TLS; for a plain port use ws:// or http://."),
            (ConnectError.Reset, _) => new(FindingCodes.ConnectReset, FindingSeverity.Error, $"{endpoint} reset the connection during {error.Step}", evidence,
                "A proxy or firewall refuses the connection, or the server crashed on the request: check its log."),
            (ConnectError.Closed, _) => new(FindingCodes.ConnectClosed, FindingSeverity.Error, $"{endpoint} closed the connection without an HTTP response", evidence,
                "The port may speak another protocol (TLS: try wss:// or https://), or the server dropped the request: check its log."),
            _ => new(FindingCodes.NotHttp, FindingSeverity.Error, $"No valid HTTP response from {endpoint}", evidence,
                "Check that the URL points at an HTTP server, with the right scheme (TLS or not)."),
        };
    }
}
