using LoadLab.Engine.Measurement;
using LoadLab.Engine.Publishing;

namespace LoadLab.Engine.Clients;

/// <summary>One subscription of a virtual client: where, on which topic, and what it got.</summary>
internal sealed class ClientSubscription(PublishTopic topic, Uri subscribeUri)
{
    public PublishTopic Topic { get; } = topic;

    public Uri SubscribeUri { get; } = subscribeUri;

    public SequenceTracker Tracker { get; } = new(topic.LastScheduled);
}
