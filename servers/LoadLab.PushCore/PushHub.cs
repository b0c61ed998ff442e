using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LoadLab.PushCore;

/// <summary>
/// Transport-free fan-out: topics created on first use, per-topic sequence ids, encode-once
/// broadcast to bounded per-subscriber queues, a replay ring for resume, and metrics on the
/// <see cref="MeterName"/> meter. With a backplane (<see cref="PushHubOptions.Backplane"/>) several hubs share
/// their topics; see <c>PushHub.Backplane.cs</c>. Thread-safe.
/// </summary>
public sealed partial class PushHub : IDisposable
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> the counters are published on.</summary>
    public const string MeterName = "LoadLab.Push";

    private readonly ConcurrentDictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly PushHubOptions _options;
    private readonly PushMetrics _metrics = new();
    private volatile bool _shuttingDown;

    /// <param name="options">The settings.</param>
    /// <param name="logger">Where the backplane reports connection problems; none when null.</param>
    public PushHub(PushHubOptions options, ILogger<PushHub>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _backplane = options.Backplane == BackplaneKind.Redis ? new RedisBackplane(options, this, logger) : null;
    }

    /// <summary>The settings the hub runs with.</summary>
    public PushHubOptions Options => _options;

    /// <summary>The hub's own meter instance; listeners can tell it apart from other hubs' in one process.</summary>
    public System.Diagnostics.Metrics.Meter Meter => _metrics.Meter;

    /// <summary>
    /// Publishes a payload: assigns the topic's next id, encodes once per transport and enqueues
    /// the message to every subscriber. The hub keeps <paramref name="payload"/>: the caller must
    /// not change it afterwards.
    /// </summary>
    public PushMessage Publish(string topic, byte[] payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(payload);
        ThrowIfBackplane();
        return GetTopic(topic).Publish(payload);
    }

    /// <summary>
    /// Subscribes to a topic. With <paramref name="resumeAfterId"/>, the subscription's replay holds
    /// the held messages after that id and the live messages follow with no gap and no duplicate;
    /// without it, only messages published from now on arrive. After <see cref="CloseAll"/> the
    /// subscriber comes back already closed.
    /// </summary>
    public Subscription Subscribe(string topic, Transport transport, long? resumeAfterId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (resumeAfterId is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(resumeAfterId), resumeAfterId, "A resume id cannot be negative.");
        }

        ThrowIfBackplane();
        return GetTopic(topic).Subscribe(transport, resumeAfterId, _shuttingDown);
    }

    /// <summary>
    /// Asks every subscriber of <paramref name="transport"/> that received nothing since the previous
    /// call for a keep-alive (see <see cref="Subscriber.TakeHeartbeat"/>). A host calls this once per
    /// heartbeat interval; one timer serves every connection.
    /// </summary>
    public void RequestHeartbeats(Transport transport)
    {
        foreach (var topic in _topics.Values)
        {
            topic.ForEach(transport, static subscriber => subscriber.RequestHeartbeat());
        }
    }

    /// <summary>Closes every subscriber with <paramref name="reason"/>; after a shutdown new subscribers are refused too.</summary>
    public void CloseAll(SubscriberCloseReason reason)
    {
        if (reason == SubscriberCloseReason.ServerShutdown)
        {
            _shuttingDown = true;
        }

        foreach (var topic in _topics.Values)
        {
            topic.CloseAll(reason);
        }
    }

    /// <summary>The counters at this moment.</summary>
    public PushMetricsSnapshot GetMetrics() => _metrics.Snapshot();

    public void Dispose()
    {
        CloseAll(SubscriberCloseReason.ServerShutdown);
        DisposeBackplane();
        _metrics.Dispose();
    }

    private Topic GetTopic(string name) => _topics.GetOrAdd(name, static (n, hub) => new Topic(n, hub._options, hub._metrics), this);
}
