using LoadLab.Engine.Probes;

namespace LoadLab.Engine.Tests.Probes;

public sealed class ServerProbeTests
{
    [Fact]
    public void Prometheus_text_gives_memory_cpu_heap_queue_and_the_slow_consumers_of_every_transport()
    {
        const string text = """
            # TYPE process_resident_memory_bytes gauge
            process_resident_memory_bytes 90000000
            process_cpu_seconds_total 1.5
            dotnet_gc_heap_size_bytes 0
            dotnet_gc_total_memory_bytes 12345678
            loadlab_push_queue_depth 42
            loadlab_push_slow_consumers_disconnected_total{transport="ws"} 3
            loadlab_push_slow_consumers_disconnected_total{transport="sse"} 4
            loadlab_push_messages_dropped_total{transport="ws"} 10
            """;

        var sample = ServerProbe.ParsePrometheus(text);

        Assert.Equal(new ServerSample(90_000_000, 1.5) { GcHeapBytes = 12_345_678, QueueDepth = 42, SlowConsumersDisconnected = 7, MessagesDropped = 10 }, sample);
    }

    [Fact]
    public void A_server_without_the_push_counters_leaves_them_unknown()
    {
        var sample = ServerProbe.ParsePrometheus("process_resident_memory_bytes 1000\n");

        Assert.Equal(new ServerSample(1000, null), sample);
    }
}
