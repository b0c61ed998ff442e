using LoadLab.Engine.Measurement;
using LoadLab.Engine.Publishing;

namespace LoadLab.Engine.Clients;

/// <summary>One subscription of a virtual client: where, on which topic, how fast it reads, and what it got.</summary>
internal sealed class ClientSubscription(PublishTopic topic, Uri subscribeUri, TimeSpan slowDelay = default)
{
    public PublishTopic Topic { get; } = topic;

    public Uri SubscribeUri { get; } = subscribeUri;

    public SequenceTracker Tracker { get; } = new(topic.LastScheduled);

    /// <summary>How long a slow client stops reading after each message; zero for a healthy client.</summary>
    public TimeSpan SlowDelay { get; } = slowDelay;

    public bool IsSlow => SlowDelay > TimeSpan.Zero;
}
