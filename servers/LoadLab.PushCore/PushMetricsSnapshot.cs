namespace LoadLab.PushCore;

/// <summary>The counters of one transport at one moment; <c>SubscribersDropped</c> counts the cuts of <see cref="PushHub.Drop"/>.</summary>
public sealed record TransportCounters(long Subscribers, long Delivered, long Dropped, long SlowConsumersDisconnected, long SubscribersDropped);

/// <summary>The push core's counters at one moment; totals since the hub started, except the gauges.</summary>
public sealed record PushMetricsSnapshot(
    long Published,
    long QueueDepth,
    long ResumeGaps,
    IReadOnlyDictionary<Transport, TransportCounters> ByTransport);
