using LoadLab.Engine.Probes;
using LoadLab.Engine.Sharding;

namespace LoadLab.Engine.Running;

/// <summary>
/// What the transport runs of one scenario share: the target, the HTTP clients, the server probe,
/// the topic prefix that keeps one run's topics apart from another's on a long-lived server, and the server
/// the engine started for this run (null for a given target), which a fault may restart.
/// </summary>
internal sealed class RunEnvironment(Uri target, HttpClient http, HttpClient publishHttp, ServerProbe probe, string topicPrefix, ITargetServer? server = null)
{
    public ITargetServer? Server { get; } = server;

    public Uri Target { get; } = target;

    /// <summary>For subscriptions: no connection limit, no redirects followed (a redirect is a finding).</summary>
    public HttpClient Http { get; } = http;

    /// <summary>For publishing: a bounded connection pool, so a burst queues instead of opening thousands of sockets.</summary>
    public HttpClient PublishHttp { get; } = publishHttp;

    public ServerProbe Probe { get; } = probe;

    public string TopicPrefix { get; } = topicPrefix;

    /// <summary>This agent's share of a sharded run and its clock; null when the run is not sharded.</summary>
    public ShardSlot? Shard { get; init; }

    /// <summary>A URL template relative to the target (or absolute) with <c>{topic}</c> filled in.</summary>
    public Uri Resolve(string template, string topic) =>
        new(Target, template.Replace("{topic}", Uri.EscapeDataString(topic), StringComparison.Ordinal));
}
