using LoadLab.Engine.Clients;
using LoadLab.Engine.Measurement;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Tests.Measurement;

/// <summary>
/// Allocation counts are deterministic, so the receive path's promise is tested directly: parsing the
/// stamp, tracking the sequence and recording the latency (<see cref="ClientContext.Received(SequenceTracker, ReadOnlySpan{byte}, bool)"/>) of every
/// message of a whole run allocates nothing, not just for the first few hundred messages.
/// </summary>
public sealed class ReceivePathAllocationTests
{
    /// <summary>One topic's share of a long run (50 broadcasts/s for over three minutes): far past any first buffer.</summary>
    private const int Messages = 10_000;

    private const int PayloadBytes = 128;

    [Fact]
    public void Receiving_a_whole_run_of_stamped_messages_allocates_nothing()
    {
        var clock = new RunClock();
        var recorder = new RunRecorder(clock, measuredFromMicroseconds: 0);
        using var http = new HttpClient();
        var context = new ClientContext(new Scenario { Name = "a", Transports = [TransportKind.WebSocket], Stages = [new LoadStage(1, TimeSpan.FromSeconds(1))] }, http, recorder, TimeSpan.FromSeconds(1));
        var payloads = Enumerable.Range(1, Messages).Select(sequence => PayloadStamp.Create(sequence, clock.NowMicroseconds, PayloadBytes)).ToArray();

        // Warm up on a tracker of its own: the recorders' first use and the JIT's tiering allocate once; a receive loop must not.
        ReceiveAll(context, StartedTracker(), payloads);

        var tracker = StartedTracker();
        var before = GC.GetAllocatedBytesForCurrentThread();
        ReceiveAll(context, tracker, payloads);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(Messages, tracker.ReceivedWithin(1, Messages));
        Assert.Equal((0L, 0L), (tracker.Duplicated, tracker.OutOfOrder));
        Assert.Equal(2L * Messages, recorder.DeliveredMeasured);
    }

    /// <summary>As a client's subscription makes it: sized for its topic's schedule, counting from the first sequence.</summary>
    private static SequenceTracker StartedTracker()
    {
        var tracker = new SequenceTracker(lastScheduled: Messages);
        tracker.StartAt(1);
        return tracker;
    }

    private static void ReceiveAll(ClientContext context, SequenceTracker tracker, byte[][] payloads)
    {
        foreach (var payload in payloads)
        {
            context.Received(tracker, payload);
        }
    }
}
