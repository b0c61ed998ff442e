using System.Globalization;

namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// Compares when the probe's test events were published with when they arrived. Published at a steady pace, they
/// should arrive at that pace, each about when the server acknowledged its publish; events that arrive together
/// long after their acknowledgement were held back on the way — a buffering proxy.
/// </summary>
internal static class DeliveryRules
{
    /// <summary>Events that arrive closer together than this share of the publish interval arrived as one burst.</summary>
    private const double BurstGapShare = 0.25;

    /// <summary>Enough held-back events in one burst to rule out scheduling jitter, which may bunch two.</summary>
    private const int BurstSize = 3;

    private const string SseBufferingFix =
        "A proxy buffers the response: in nginx, proxy_buffering off; for this location (or have the server send X-Accel-Buffering: no, and do not ignore it with proxy_ignore_headers); on other proxies and CDNs, disable buffering for text/event-stream.";

    /// <summary>
    /// Not even the headers came back while the test events were published: a buffering proxy sends nothing, headers
    /// included, until its buffer fills — which small events may never do.
    /// </summary>
    public static Finding ResponseHeldBack(PublishLog published, ConnectError waited) =>
        new(FindingCodes.SseBuffered, FindingSeverity.Warning, "No response at all while test events were published: something on the way buffers the whole response",
            [$"response: {waited.Message}", Plan(published), "delivered 0: not even the status line arrived"],
            SseBufferingFix);

    public static IEnumerable<Finding> Diagnose(ProbeTransport transport, PublishLog published, StreamWatch stream)
    {
        var webSocket = transport == ProbeTransport.WebSocket;
        if (published.Failure is { } failure)
        {
            yield return new(FindingCodes.PublishFailed, FindingSeverity.Warning, "Publishing the test events failed",
                [$"POST {published.Url}: {failure}", $"published {published.Published} of {published.Events.Count}"],
                "Check the --publish URL (the reference server: POST http://host:port/publish?topic=T, the same topic as the stream).");
            if (published.Published == 0)
            {
                yield break;
            }
        }

        var arrivals = Arrivals(published, stream);
        var firstSent = published.Events.OfType<PublishedEvent>().Min(e => e.SentAt);
        var plan = Plan(published);
        var delivered = $"delivered {arrivals.Count} of {published.Published} by {Evidence.Seconds(stream.ListenUntil - firstSent)} after the first publish";
        var (missingCode, bufferedCode, deliveryCode) = webSocket
            ? (FindingCodes.WebSocketEventsMissing, FindingCodes.WebSocketBuffered, FindingCodes.WebSocketDelivery)
            : (FindingCodes.SseEventsMissing, FindingCodes.SseBuffered, FindingCodes.SseDelivery);

        if (arrivals.Count == 0)
        {
            yield return new(missingCode, FindingSeverity.Warning, "None of the test events arrived", [plan, delivered],
                "Check that the publish URL names the stream's topic; if it does, a proxy buffers the whole response (nginx: proxy_buffering off for this location).");
            yield break;
        }

        var latencies = arrivals.Select(a => a.Arrived - a.Event.SentAt).Order().ToList();
        var evidence = new List<string>
        {
            plan,
            delivered,
            "arrival gaps: " + string.Join(", ", arrivals.Zip(arrivals.Skip(1), (a, b) => (b.Arrived - a.Arrived).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture))) + " ms",
            $"latency from publish: p50 {Evidence.Milliseconds(latencies[latencies.Count / 2])}, max {Evidence.Milliseconds(latencies[^1])}",
        };

        // Held back: still on the way a whole interval after the server acknowledged the publish (so fanned it out).
        // A publisher that bunches its own requests makes bursts too, but then the events arrive with their acknowledgements.
        var heldBack = arrivals.Where(a => a.Arrived - a.Event.AckedAt > published.Interval).ToList();
        var bursts = heldBack.Count == 0 ? [] : Bursts(heldBack, published.Interval * BurstGapShare);
        // Events still missing at the end while earlier ones came late is a buffer too: what filled it arrived late,
        // the rest is still in it (on a busy machine the bursts may come out smaller than BurstSize).
        var missing = published.Published - arrivals.Count;
        if (bursts.Count > 0 && (bursts.Max(b => b.Count) >= BurstSize || missing > 0))
        {
            evidence.Insert(2, $"{heldBack.Count} arrived over {Evidence.Milliseconds(published.Interval)} after the server acknowledged them, in {bursts.Count} burst(s): "
                + string.Join(", ", bursts.Select(b => $"{b.Count} at +{Evidence.Seconds(b[0].Arrived - firstSent)}"))
                + (missing > 0 ? $"; {missing} never arrived while the stream stayed open" : ""));
            yield return new(bufferedCode, FindingSeverity.Warning, "Events arrive in bursts: something on the way buffers the stream", evidence,
                webSocket ? "A proxy or middlebox holds frames back: disable its response buffering for this location." : SseBufferingFix);
            yield break;
        }

        if (missing > 0)
        {
            yield return new(missingCode, FindingSeverity.Warning, $"{missing} of {published.Published} test events did not arrive", evidence,
                "Events were lost or are held back: check the server's backpressure (dropped messages) and any buffering proxy.");
            yield break;
        }

        yield return new(deliveryCode, FindingSeverity.Info, "Every test event arrived, one by one", evidence, "");
    }

    private static string Plan(PublishLog published)
    {
        var sent = published.Events.OfType<PublishedEvent>().Select(e => e.SentAt).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"published {sent.Count} events {Evidence.Milliseconds(published.Interval)} apart over {Evidence.Seconds(sent.Max() - sent.Min())} (POST {published.Url})");
    }

    private static List<Arrival> Arrivals(PublishLog published, StreamWatch stream)
    {
        var arrivals = new Dictionary<int, Arrival>();
        foreach (var message in stream.Messages)
        {
            if (published.IndexOf(message.Data) is { } index && published.Events[index] is { } sent && !arrivals.ContainsKey(index))
            {
                arrivals[index] = new Arrival(sent, message.At);
            }
        }

        return [.. arrivals.Values.OrderBy(a => a.Arrived)];
    }

    private static List<List<Arrival>> Bursts(List<Arrival> arrivals, TimeSpan closerThan)
    {
        var bursts = new List<List<Arrival>> { new() { arrivals[0] } };
        foreach (var (previous, next) in arrivals.Zip(arrivals.Skip(1)))
        {
            if (next.Arrived - previous.Arrived >= closerThan)
            {
                bursts.Add([]);
            }

            bursts[^1].Add(next);
        }

        return bursts;
    }

    private sealed record Arrival(PublishedEvent Event, TimeSpan Arrived);
}
