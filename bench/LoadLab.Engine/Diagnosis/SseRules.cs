namespace LoadLab.Engine.Diagnosis;

/// <summary>Findings about an SSE endpoint from what the probe saw; every rule reads the observation, none probes.</summary>
internal static class SseRules
{
    public static IReadOnlyList<Finding> Diagnose(Uri target, SseObservation seen, TimeSpan timeout)
    {
        if (seen.Failure is { Kind: ConnectError.Timeout, Step: "response" } heldBack && seen.Published is { Published: > 0 } publishedMeanwhile)
        {
            return [DeliveryRules.ResponseHeldBack(publishedMeanwhile, heldBack)];
        }

        if (seen.Failure is { } failure)
        {
            return [ConnectRules.Diagnose(ProbeTransport.Sse, target, failure, timeout)];
        }

        var head = seen.Head!;
        if (head.StatusCode != 200)
        {
            return StatusRules.Diagnose(ProbeTransport.Sse, target, head, origin: null);
        }

        var findings = new List<Finding>();
        var contentType = head.Header("Content-Type");
        if (contentType is null || !contentType.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new(FindingCodes.SseWrongContentType, FindingSeverity.Error,
                $"200, but Content-Type is {(contentType is null ? "missing" : $"'{contentType}'")}, not text/event-stream",
                Evidence.Response(head, "Content-Type", "Server"),
                "EventSource fails on any other type: the URL serves a page or JSON (an SPA fallback, a login page, the wrong path), or the endpoint forgot the header."));
            return findings;
        }

        if (head.Header("Content-Encoding") is { } encoding && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(new(FindingCodes.SseCompressed, FindingSeverity.Warning, $"The stream is compressed ({encoding}): events wait in the compressor",
                Evidence.Response(head, "Content-Encoding", "Server"),
                "Exclude text/event-stream from response compression (nginx: gzip off, or leave it out of gzip_types; ASP.NET: ResponseCompression MimeTypes)."));
            return findings;
        }

        findings.Add(new(FindingCodes.SseStream, FindingSeverity.Info, "The stream opened",
            Evidence.Response(head, "Content-Type", "Cache-Control", "X-Accel-Buffering", "Server"), ""));
        if (head.Version is "HTTP/1.1" or "HTTP/1.0")
        {
            findings.Add(new(FindingCodes.SseHttp1, FindingSeverity.Info, $"Served over {head.Version}: browsers allow 6 SSE connections per host",
                [$"negotiated: {head.Version}"],
                "Over HTTP/1.1 a browser holds at most 6 connections per host across all tabs; serve over HTTPS with HTTP/2 (about 100 streams), or share one EventSource between tabs."));
        }

        if (seen.Stream is { } stream)
        {
            findings.AddRange(StreamRules(stream));
            if (seen.Published is { } published)
            {
                findings.AddRange(DeliveryRules.Diagnose(ProbeTransport.Sse, published, stream));
            }
        }

        return findings;
    }

    private static IEnumerable<Finding> StreamRules(StreamWatch stream)
    {
        var withoutId = stream.Messages.Count(m => m.Id is null);
        if (withoutId > 0)
        {
            yield return new(FindingCodes.SseNoId, FindingSeverity.Warning, $"{withoutId} of {stream.Messages.Count} events have no id: field: no resume",
                [$"first event without id: data: {Truncate(stream.Messages.First(m => m.Id is null).Data)}"],
                "Give every event an id: so a reconnecting EventSource sends Last-Event-ID and the server can replay what was missed.");
        }

        if (IdleRules.Diagnose(stream, FindingCodes.SseIdleCut, FindingCodes.SseEnded, FindingCodes.SseNoHeartbeatSeen, "an SSE comment line such as ': heartbeat'") is { } idle)
        {
            yield return idle;
        }
    }

    private static string Truncate(string data) => data.Length <= 60 ? data : data[..60] + "…";
}
