using LoadLab.Engine.Clients;
using LoadLab.Engine.Publishing;
using LoadLab.Results;

namespace LoadLab.Engine.Running;

/// <summary>The message counts of a transport run, from its topics' publishing and its subscribers' sequence tracking.</summary>
internal static class MessageAccounting
{
    /// <summary>
    /// Per topic what was published in the measured window; per subscriber (of those <paramref name="included"/>)
    /// what it was owed and got. A publish that failed is owed to no one: neither expected nor, should the server
    /// have taken it after all (it died before answering), delivered. <paramref name="scheduleTopics"/> are counted
    /// as published too: a shard's clients may subscribe to some topics of the schedule only, its merge counts them all.
    /// </summary>
    public static MessageStats Count(IReadOnlyList<ClientSubscription> subscriptions, Func<ClientSubscription, bool> included, IEnumerable<PublishTopic>? scheduleTopics = null)
    {
        long published = 0, notPublished = 0, expected = 0, delivered = 0, duplicated = 0, outOfOrder = 0;
        foreach (var topic in (scheduleTopics ?? []).Concat(subscriptions.Select(s => s.Topic)).Distinct())
        {
            if (topic.FirstMeasured <= topic.LastSent)
            {
                var failed = topic.FailedWithin(topic.FirstMeasured, topic.LastSent);
                published += topic.LastSent - topic.FirstMeasured + 1 - failed;
                notPublished += failed;
            }
        }

        foreach (var subscription in subscriptions.Where(included))
        {
            var topic = subscription.Topic;
            var tracker = subscription.Tracker;
            var from = Math.Max(tracker.Start, topic.FirstMeasured);
            var failed = topic.FailedBetween(from, topic.LastSent).ToList();
            expected += Math.Max(0, tracker.Expected(topic.FirstMeasured, topic.LastSent) - failed.Count);
            delivered += tracker.ReceivedWithin(topic.FirstMeasured, topic.LastSent) - failed.Count(tracker.Saw);
            duplicated += tracker.Duplicated;
            outOfOrder += tracker.OutOfOrder;
        }

        return new MessageStats(published, expected, delivered, Math.Max(0, expected - delivered), duplicated, outOfOrder, notPublished);
    }
}
