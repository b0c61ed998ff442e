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
        // Over a backplane the ids are the backplane's, the same on every instance: a resume id issued by any
        // of them is this hub's own. Alone, ids start again at 1 in every new process.
        InstanceId = _backplane is null
            ? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))
            : "redis:" + options.Redis.KeyPrefix;
    }

    /// <summary>
    /// Names this hub among every hub that ever served the same address: ids start again at 1 in a new
    /// process, so a resume id means something only together with the instance that issued it. Hubs sharing
    /// a backplane share its name.
    /// </summary>
    public string InstanceId { get; }

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
    /// without it, only messages published from now on arrive. <paramref name="resumeInstanceId"/> is the
    /// <see cref="InstanceId"/> that issued the resume id, when the client knows it: an id of another instance
    /// (the server restarted) is not one of this hub's, so the subscription replays every held message and
    /// reports a <see cref="ResumeGap"/>. After <see cref="CloseAll"/> the subscriber comes back already closed.
    /// </summary>
    public Subscription Subscribe(string topic, Transport transport, long? resumeAfterId = null, string? resumeInstanceId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (resumeAfterId is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(resumeAfterId), resumeAfterId, "A resume id cannot be negative.");
        }

        ThrowIfBackplane();
        return GetTopic(topic).Subscribe(transport, resumeAfterId, IsForeign(resumeInstanceId), _shuttingDown);
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

    /// <summary>
    /// Cuts <paramref name="fraction"/> (0 to 1) of the current subscribers of <paramref name="transport"/>,
    /// chosen at random over all topics, with <see cref="SubscriberCloseReason.Dropped"/>: each transport's
    /// write loop then ends its connection, as a proxy cutting connections would. Returns how many were cut:
    /// the fraction of the subscribers at that moment, rounded to the nearest whole subscriber.
    /// </summary>
    public int Drop(Transport transport, double fraction)
    {
        if (!(fraction is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "A fraction of subscribers is between 0 and 1.");
        }

        var candidates = new List<(Topic Topic, Subscriber Subscriber)>();
        foreach (var topic in _topics.Values)
        {
            topic.ForEach(transport, subscriber => candidates.Add((topic, subscriber)));
        }

        var count = (int)Math.Round(candidates.Count * fraction, MidpointRounding.AwayFromZero);
        var chosen = candidates.ToArray();
        // A partial Fisher-Yates shuffle: the first `count` entries are a uniform random choice.
        for (var i = 0; i < count; i++)
        {
            var j = Random.Shared.Next(i, chosen.Length);
            (chosen[i], chosen[j]) = (chosen[j], chosen[i]);
        }

        var dropped = 0;
        foreach (var (topic, subscriber) in chosen.AsSpan(0, count))
        {
            if (topic.Drop(subscriber))
            {
                _metrics.SubscriberDropped(transport);
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>Whether a resume id came from another instance than this hub (or the hubs of its backplane).</summary>
    private bool IsForeign(string? resumeInstanceId) =>
        resumeInstanceId is not null && !string.Equals(resumeInstanceId, InstanceId, StringComparison.Ordinal);

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
