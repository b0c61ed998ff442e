using System.Text;
using LoadLab.Engine.Clients;
using LoadLab.Engine.Clients.Receiving;
using LoadLab.Engine.Measurement;
using LoadLab.Engine.Publishing;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Tests.Clients.Receiving;

/// <summary>
/// What the receive loop calls for every read of a subscriber (parse the frames or events, read the stamps, record)
/// allocates nothing: reads of many messages, each a read's worth, over a whole run. The loop's own share is tested in
/// <see cref="ReceiveLoopTests"/>.
/// </summary>
public sealed class ClientHandlerAllocationTests
{
    private const int MessagesPerRead = 16;

    private const int Reads = 2_000;

    private const int WarmUpReads = 1_000;

    [Fact]
    public void A_WebSocket_subscriber_parses_and_records_reads_of_many_frames_without_allocating()
    {
        var (context, subscription) = Subscriber(TransportKind.WebSocket);
        var handler = new WebSocketClient(context, subscription, echoRate: 0);
        var reads = SplitIntoReads(sequence => [0x82, 120, .. PayloadStamp.Create(sequence, 0, 120)]);

        AssertNoAllocation(handler, reads);
        Assert.Equal((long)Reads * MessagesPerRead, subscription.Tracker.Received);
    }

    [Fact]
    public void An_SSE_subscriber_parses_and_records_reads_of_many_events_without_allocating()
    {
        var (context, subscription) = Subscriber(TransportKind.Sse);
        var handler = new SseClient(context, subscription);
        var reads = SplitIntoReads(sequence => Encoding.ASCII.GetBytes($"id: {sequence:D8}\ndata: {Encoding.ASCII.GetString(PayloadStamp.Create(sequence, 0, 128))}\n\n"));

        AssertNoAllocation(handler, reads);
        Assert.Equal((long)Reads * MessagesPerRead, subscription.Tracker.Received);
    }

    private static (ClientContext Context, ClientSubscription Subscription) Subscriber(TransportKind transport)
    {
        var recorder = new RunRecorder(new RunClock(), measuredFromMicroseconds: 0);
        var context = new ClientContext(new Scenario { Name = "a", Transports = [transport], Stages = [new LoadStage(1, TimeSpan.FromSeconds(1))] }, new HttpClient(), recorder, TimeSpan.FromSeconds(1), ReceiveOnLoops: true);
        var topic = new PublishTopic("t", new Uri("http://127.0.0.1:1/publish"), lastScheduled: (Reads + 1) * MessagesPerRead);
        var subscription = new ClientSubscription(topic, new Uri("http://127.0.0.1:1/t"));
        subscription.Tracker.StartAt(1);
        return (context, subscription);
    }

    /// <summary>Each read: <see cref="MessagesPerRead"/> messages in a row, the last one cut, its rest opening the next read.</summary>
    private static byte[][] SplitIntoReads(Func<long, byte[]> message)
    {
        var stream = Enumerable.Range(1, (Reads * MessagesPerRead) + 1).SelectMany(sequence => message(sequence)).ToArray();
        var readLength = message(1).Length * MessagesPerRead;
        return [.. Enumerable.Range(0, Reads).Select(read => stream.AsSpan(read * readLength, readLength).ToArray())];
    }

    private static void AssertNoAllocation(IReceiveHandler handler, byte[][] reads)
    {
        var buffer = new byte[64 * 1024];

        // The first half warms up the JIT's tiers and the pools the carried bytes come from.
        for (var i = 0; i < WarmUpReads; i++)
        {
            _ = Receive(handler, buffer, reads[i]);
        }

        var actions = new ReceiveAction[reads.Length];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = WarmUpReads; i < reads.Length; i++)
        {
            actions[i] = Receive(handler, buffer, reads[i]);
        }

        AllocationBound.AssertNonePerRead(GC.GetAllocatedBytesForCurrentThread() - before, reads.Length - WarmUpReads);
        Assert.All(actions[WarmUpReads..], action => Assert.Equal(ReceiveAction.Continue, action));
    }

    /// <summary>As the loop does: the carry, then the new bytes after it.</summary>
    private static ReceiveAction Receive(IReceiveHandler handler, byte[] buffer, byte[] read)
    {
        var carried = handler.CarryLength;
        read.CopyTo(buffer, carried);
        handler.MoveCarry(buffer);
        return handler.OnReceived(buffer.AsSpan(0, carried + read.Length), carried);
    }
}
