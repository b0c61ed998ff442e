using LoadLab.Engine.Clients;
using LoadLab.Engine.Measurement;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Tests.Clients;

public sealed class ClientContextTests
{
    [Fact]
    public void Receiving_a_stamped_payload_records_latency_and_sequence_without_allocating()
    {
        var clock = new RunClock();
        var recorder = new RunRecorder(clock, measuredFromMicroseconds: 0);
        using var http = new HttpClient();
        var context = new ClientContext(new Scenario { Name = "a", Transports = [TransportKind.WebSocket], Stages = [new LoadStage(1, TimeSpan.FromSeconds(1))] }, http, recorder, TimeSpan.FromSeconds(1));
        var payloads = Enumerable.Range(1, 100).Select(i => PayloadStamp.Create(i, clock.NowMicroseconds, 128)).ToList();

        // Warm up: the recorders' first use and the JIT's tiering allocate once; a receive loop must not.
        for (var round = 0; round < 5; round++)
        {
            var warmup = new SequenceTracker();
            payloads.ForEach(payload => context.Received(warmup, payload));
        }

        var tracker = new SequenceTracker();
        tracker.StartAt(1);

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var payload in payloads)
        {
            context.Received(tracker, payload);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(100, tracker.ReceivedWithin(1, 100));
        Assert.Equal(600, recorder.Delivered);
    }

    [Fact]
    public void A_payload_that_is_not_ours_is_an_error_not_a_delivery()
    {
        var recorder = new RunRecorder(new RunClock(), 0);
        using var http = new HttpClient();
        var context = new ClientContext(new Scenario { Name = "a", Transports = [TransportKind.Sse], Stages = [new LoadStage(1, TimeSpan.FromSeconds(1))] }, http, recorder, TimeSpan.FromSeconds(1));

        context.Received(new SequenceTracker(), "welcome!"u8);

        Assert.Equal((0L, 1L), (recorder.Delivered, recorder.Errors));
    }
}
