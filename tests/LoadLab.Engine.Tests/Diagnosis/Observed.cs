using LoadLab.Engine.Diagnosis;

namespace LoadLab.Engine.Tests.Diagnosis;

/// <summary>Evidence as a probe would have recorded it, for the rule tests: responses, streams and publishes.</summary>
internal static class Observed
{
    public static readonly Uri WebSocketTarget = new("ws://push.example:8080/ws?topic=t");

    public static readonly Uri SseTarget = new("http://push.example:8080/sse?topic=t");

    public static ResponseHead Response(int status, string reason, string? body = null, params (string Name, string Value)[] headers) =>
        new ResponseHead("HTTP/1.1", status, reason, [.. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))]) { BodyFirstLine = body };

    public static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    /// <summary>A stream opened at 0 and listened to for 3 s.</summary>
    public static StreamWatch Stream(IReadOnlyList<ReceivedMessage> messages, int heartbeats = 0, TimeSpan? endedAt = null, TimeSpan? lastActivity = null) =>
        new(TimeSpan.Zero, TimeSpan.FromSeconds(3), messages, heartbeats, lastActivity ?? (messages.Count > 0 ? messages[^1].At : TimeSpan.Zero), endedAt, endedAt is null ? null : "closed");

    /// <summary>Ten test events published 200 ms apart from 100 ms on, each acknowledged 2 ms after it was sent.</summary>
    public static PublishLog TenEvents() =>
        new(new Uri("http://push.example:8080/publish?topic=t"), "loadlab-doctor-0000abcd", Ms(200),
            [.. Enumerable.Range(0, 10).Select(k => new PublishedEvent(Ms(100 + 200 * k), Ms(102 + 200 * k)))], null);

    public static ReceivedMessage TestEvent(PublishLog log, int index, TimeSpan at, string? id = "1") =>
        new(at, id, $"{log.Marker} {index:D3} ........");
}
