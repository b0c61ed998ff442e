using LoadLab.Engine.Diagnosis;
using static LoadLab.Engine.Tests.Diagnosis.Observed;

namespace LoadLab.Engine.Tests.Diagnosis;

public sealed class DeliveryRulesTests
{
    [Fact]
    public void Events_arriving_at_the_publish_pace_are_delivered_one_by_one()
    {
        var log = TenEvents();
        var stream = Stream([.. Enumerable.Range(0, 10).Select(k => TestEvent(log, k, log.Events[k]!.AckedAt - Ms(1)))]);

        var finding = Assert.Single(DeliveryRules.Diagnose(ProbeTransport.Sse, log, stream));

        Assert.Equal((FindingCodes.SseDelivery, FindingSeverity.Info), (finding.Code, finding.Severity));
        Assert.StartsWith("delivered 10 of 10", finding.Evidence[1], StringComparison.Ordinal);
        Assert.Contains("arrival gaps: 200, 200, 200, 200, 200, 200, 200, 200, 200 ms", finding.Evidence);
    }

    [Fact]
    public void Events_held_back_and_released_together_are_buffered()
    {
        var log = TenEvents();
        // A 1 KiB proxy buffer: the first six come out together when it fills (the sixth just after its publish), the rest at the end.
        var stream = Stream([
            .. Enumerable.Range(0, 6).Select(k => TestEvent(log, k, Ms(1200))),
            .. Enumerable.Range(6, 4).Select(k => TestEvent(log, k, Ms(2900))),
        ]);

        var finding = Assert.Single(DeliveryRules.Diagnose(ProbeTransport.Sse, log, stream));

        Assert.Equal((FindingCodes.SseBuffered, FindingSeverity.Warning), (finding.Code, finding.Severity));
        Assert.Contains("9 arrived over 200.0 ms after the server acknowledged them, in 2 burst(s): 5 at +1.10 s, 4 at +2.80 s", finding.Evidence);
        Assert.Contains("proxy_buffering off", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_held_back_while_later_ones_never_arrive_are_buffered_even_in_a_small_burst()
    {
        var log = TenEvents();
        // A busy machine: the buffer let out two late events together, three more on time; five are still in it.
        var stream = Stream([
            .. Enumerable.Range(0, 2).Select(k => TestEvent(log, k, Ms(700))),
            .. Enumerable.Range(2, 3).Select(k => TestEvent(log, k, log.Events[k]!.AckedAt)),
        ]);

        var finding = Assert.Single(DeliveryRules.Diagnose(ProbeTransport.Sse, log, stream));

        Assert.Equal(FindingCodes.SseBuffered, finding.Code);
        Assert.Contains(finding.Evidence, line => line.EndsWith("; 5 never arrived while the stream stayed open", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bunched_publisher_makes_no_buffering_verdict_when_events_arrive_with_their_acknowledgement()
    {
        // The first three publishes were slow to leave (a cold client): acknowledged together at 700 ms, delivered at once.
        var log = TenEvents() with
        {
            Events = [.. Enumerable.Range(0, 10).Select(k => new PublishedEvent(Ms(100 + 200 * k), k < 3 ? Ms(700) : Ms(102 + 200 * k)))],
        };
        var stream = Stream([.. Enumerable.Range(0, 10).Select(k => TestEvent(log, k, log.Events[k]!.AckedAt))]);

        Assert.Equal(FindingCodes.SseDelivery, Assert.Single(DeliveryRules.Diagnose(ProbeTransport.Sse, log, stream)).Code);
    }

    [Fact]
    public void None_arriving_is_named_with_the_topic_and_buffering_as_causes()
    {
        var finding = Assert.Single(DeliveryRules.Diagnose(ProbeTransport.WebSocket, TenEvents(), Stream([])));

        Assert.Equal(FindingCodes.WebSocketEventsMissing, finding.Code);
        Assert.Contains("topic", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Some_missing_without_bursts_are_missing()
    {
        var log = TenEvents();
        var stream = Stream([.. Enumerable.Range(0, 7).Select(k => TestEvent(log, k, log.Events[k]!.AckedAt))]);

        var finding = Assert.Single(DeliveryRules.Diagnose(ProbeTransport.Sse, log, stream));

        Assert.Equal(FindingCodes.SseEventsMissing, finding.Code);
        Assert.Equal("3 of 10 test events did not arrive", finding.Title);
    }

    [Fact]
    public void Failed_publishes_are_named_and_no_delivery_is_judged()
    {
        var log = TenEvents() with { Events = new PublishedEvent?[10], Failure = "HTTP 404 Not Found" };

        var finding = Assert.Single(DeliveryRules.Diagnose(ProbeTransport.Sse, log, Stream([])));

        Assert.Equal(FindingCodes.PublishFailed, finding.Code);
        Assert.Contains($"POST {log.Url}: HTTP 404 Not Found", finding.Evidence);
    }
}
