namespace LoadLab.Engine.Diagnosis;

/// <summary>Findings about a WebSocket endpoint from what the probe saw; every rule reads the observation, none probes.</summary>
internal static class WebSocketRules
{
    public static IReadOnlyList<Finding> Diagnose(Uri target, WebSocketObservation seen, TimeSpan timeout)
    {
        if (seen.Failure is { } failure)
        {
            return [ConnectRules.Diagnose(ProbeTransport.WebSocket, target, failure, timeout)];
        }

        var head = seen.Head!;
        if (head.StatusCode != 101)
        {
            return StatusRules.Diagnose(ProbeTransport.WebSocket, target, head, seen.Origin);
        }

        if (!seen.AcceptValid)
        {
            return [new(FindingCodes.WebSocketBadAccept, FindingSeverity.Error, "101, but Sec-WebSocket-Accept does not answer the key sent",
                Evidence.Response(head, "Sec-WebSocket-Accept", "Server"),
                "Something answered the upgrade that does not speak RFC 6455 (a proxy or a broken server): browsers fail this handshake.")];
        }

        var chosen = head.Header("Sec-WebSocket-Protocol");
        var findings = new List<Finding>
        {
            new(FindingCodes.WebSocketHandshake, FindingSeverity.Info, "The WebSocket opened",
                Evidence.Lines([.. Evidence.Response(head, "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "Server"),
                    $"subprotocol asked for: {seen.RequestedSubProtocol ?? "none"}"]), ""),
        };

        if (SubProtocol(seen.RequestedSubProtocol, chosen) is { } mismatch)
        {
            findings.Add(mismatch);
        }

        if (seen.PongAfter is null && !EndedBeforePongWasDue(seen, timeout))
        {
            findings.Add(new(FindingCodes.WebSocketNoPong, FindingSeverity.Warning, $"Our ping was not answered within {Evidence.Seconds(timeout)}",
                ["sent: ping frame; no pong frame came back"],
                "RFC 6455 requires a pong for every ping: the server's WebSocket library does not answer, or something on the way swallows control frames. Keep-alives that rely on pings will not work."));
        }

        if (seen.Close is { } close)
        {
            findings.Add(new(FindingCodes.WebSocketClosedByServer, FindingSeverity.Warning,
                $"The server closed the WebSocket: {(close.Code is { } code ? $"{code} {CloseCodeMeaning(code)}" : "no status code")}",
                Evidence.Lines($"close frame at +{Evidence.Seconds(close.At)}: code {close.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}", close.Reason.Length > 0 ? $"reason: {close.Reason}" : null),
                CloseCodeFix(close.Code)));
        }
        else if (seen.Stream is { } idleStream && IdleRules.Diagnose(idleStream, FindingCodes.WebSocketIdleCut, FindingCodes.WebSocketDropped, FindingCodes.WebSocketNoHeartbeatSeen, "a ping frame") is { } idle)
        {
            findings.Add(idle);
        }

        if (seen.Stream is { } stream && seen.Published is { } published)
        {
            findings.AddRange(DeliveryRules.Diagnose(ProbeTransport.WebSocket, published, stream));
        }

        return findings;
    }

    /// <summary>
    /// The ping goes out as the stream opens; a connection that ended sooner than the timeout after that (a close
    /// frame, a cut) gave no time for the pong, so its missing pong says nothing: the close or the cut is the finding.
    /// </summary>
    private static bool EndedBeforePongWasDue(WebSocketObservation seen, TimeSpan timeout) =>
        seen.Stream is { } stream && (seen.Close?.At ?? stream.EndedAt) is { } ended && ended - stream.OpenedAt < timeout;

    private static Finding? SubProtocol(string? requested, string? chosen)
    {
        if (chosen is not null && !string.Equals(chosen, requested, StringComparison.Ordinal))
        {
            return new(FindingCodes.WebSocketSubProtocolMismatch, FindingSeverity.Error, $"The server chose subprotocol '{chosen}', which was not asked for",
                [$"asked for: {requested ?? "none"}", $"Sec-WebSocket-Protocol: {chosen}"],
                "RFC 6455: a client must fail a connection whose subprotocol it did not offer; browsers do. Offer that subprotocol, or fix the server's selection.");
        }

        if (chosen is null && requested is not null)
        {
            return new(FindingCodes.WebSocketSubProtocolMismatch, FindingSeverity.Warning, $"Subprotocol '{requested}' was asked for, the server chose none",
                [$"asked for: {requested}", "no Sec-WebSocket-Protocol in the response"],
                $"The client will not get the message format it expects. If the server speaks no subprotocol, probe with --subprotocol none; if it should speak '{requested}', check its configuration (or a proxy dropping the header).");
        }

        return null;
    }

    private static string CloseCodeMeaning(int code) => code switch
    {
        1000 => "(normal closure)",
        1001 => "(going away: shutdown or restart)",
        1002 => "(protocol error)",
        1003 => "(unsupported data)",
        1007 => "(invalid payload data)",
        1008 => "(policy violation)",
        1009 => "(message too big)",
        1011 => "(internal server error)",
        1012 => "(service restart)",
        1013 => "(try again later)",
        >= 4000 and <= 4999 => "(application-defined)",
        _ => "",
    };

    private static string CloseCodeFix(int? code) => code switch
    {
        1001 or 1012 or 1013 => "The server is going down or overloaded: reconnect with a backoff.",
        1008 => "The server's policy refused this client (authentication, origin, or a slow consumer): see the reason.",
        1009 => "A message was over the server's size limit.",
        1011 => "The server failed: check its log.",
        _ => "The server ended the session: its reason (and log) say why.",
    };
}
