using BenchmarkDotNet.Attributes;
using LoadLab.PushCore;

namespace LoadLab.Micro;

/// <summary>
/// The server's fan-out: one 128-byte message published through <see cref="PushHub"/> to 10,000 in-memory
/// subscribers, then every subscriber's queue drained as its transport's send loop drains it (the wait
/// completes at once, the queue empties, the deliveries are counted). The same work is reported per publish
/// and per delivered message.
/// </summary>
[MemoryDiagnoser]
public class FanOutBenchmarks : IDisposable
{
    private const int Subscribers = 10_000;

    private const string Topic = "bench";

    private readonly byte[] _payload = Payloads.Stamped();
    private PushHub? _hub;
    private Subscriber[] _subscribers = [];

    [GlobalSetup]
    public void Setup()
    {
        // The reference server's defaults: queue of 256, disconnect slow consumers, a 1,024-message replay ring.
        _hub = new PushHub(new PushHubOptions());
        _subscribers = [.. Enumerable.Range(0, Subscribers).Select(i => _hub.Subscribe(Topic, i % 2 == 0 ? Transport.WebSocket : Transport.Sse).Subscriber)];
    }

    [Benchmark(Description = "publish to 10,000 + drain (per publish)")]
    public long PerPublish() => PublishAndDrain();

    [Benchmark(Description = "publish to 10,000 + drain (per delivery)", OperationsPerInvoke = Subscribers)]
    public long PerDelivery() => PublishAndDrain();

    [GlobalCleanup]
    public void Dispose()
    {
        _hub?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Returns the bytes the send loops would write, so that nothing can be optimised away.</summary>
    private long PublishAndDrain()
    {
        _hub!.Publish(Topic, _payload);
        var bytes = 0L;
        foreach (var subscriber in _subscribers)
        {
            var ready = subscriber.WaitAsync();
            if (!ready.IsCompletedSuccessfully || !ready.Result)
            {
                throw new InvalidOperationException("A subscriber was not woken by the publish.");
            }

            var count = 0;
            while (subscriber.TryDequeue(out var message))
            {
                bytes += subscriber.Transport == Transport.Sse ? message.SseEvent.Length : message.Payload.Length;
                count++;
            }

            subscriber.ReportDelivered(count);
        }

        return bytes;
    }
}
