namespace LoadLab.Engine.Probes;

/// <summary>
/// The server's memory and CPU at one moment, and the reference server's push counters (summed over the
/// transports; totals since its process started); null where the target does not tell.
/// </summary>
internal sealed record ServerSample(long? RssBytes, double? CpuSeconds)
{
    public static ServerSample Unknown { get; } = new(null, null);

    /// <summary>The managed heap (<c>dotnet_gc_total_memory_bytes</c>, else the size after the last collection, <c>dotnet_gc_heap_size_bytes</c>).</summary>
    public long? GcHeapBytes { get; init; }

    /// <summary>Messages waiting in all subscriber queues (<c>loadlab_push_queue_depth</c>).</summary>
    public long? QueueDepth { get; init; }

    /// <summary>Subscribers closed because their queue was full (<c>loadlab_push_slow_consumers_disconnected_total</c>).</summary>
    public long? SlowConsumersDisconnected { get; init; }

    /// <summary>Messages dropped from full queues (<c>loadlab_push_messages_dropped_total</c>).</summary>
    public long? MessagesDropped { get; init; }
}
