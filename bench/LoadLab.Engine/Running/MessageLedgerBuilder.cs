using LoadLab.Engine.Clients;
using LoadLab.Engine.Publishing;
using LoadLab.Results;

namespace LoadLab.Engine.Running;

/// <summary>
/// A shard's <see cref="MessageLedger"/>: its refused publishes and the sequences its subscribers missed, over the
/// same window and by the same rules as <see cref="MessageAccounting"/>, so the merge can take one from the other.
/// </summary>
internal static class MessageLedgerBuilder
{
    public static MessageLedger Build(IReadOnlyList<ClientSubscription> subscriptions, IEnumerable<PublishTopic> scheduleTopics)
    {
        var notPublished = new List<SequenceRange>();
        foreach (var topic in scheduleTopics.Concat(subscriptions.Select(s => s.Topic)).Distinct())
        {
            if (topic.FirstMeasured <= topic.LastSent)
            {
                notPublished.AddRange(Ranges(topic.FailedBetween(topic.FirstMeasured, topic.LastSent).Order().Distinct())
                    .Select(range => new SequenceRange(topic.Name, range.From, range.To)));
            }
        }

        var missed = new List<MissedRange>();
        foreach (var byTopic in subscriptions.GroupBy(subscription => subscription.Topic))
        {
            var topic = byTopic.Key;
            var failed = topic.FailedBetween(topic.FirstMeasured, topic.LastSent).ToHashSet();
            var missedBy = new SortedDictionary<long, long>();
            foreach (var tracker in byTopic.Select(subscription => subscription.Tracker))
            {
                var from = Math.Max(tracker.Start, topic.FirstMeasured);
                // Only a subscriber that missed something is walked: a run without loss costs nothing here.
                if (tracker.Expected(topic.FirstMeasured, topic.LastSent) == tracker.ReceivedWithin(topic.FirstMeasured, topic.LastSent))
                {
                    continue;
                }

                for (var sequence = from; sequence <= topic.LastSent; sequence++)
                {
                    if (!tracker.Saw(sequence) && !failed.Contains(sequence))
                    {
                        missedBy[sequence] = missedBy.GetValueOrDefault(sequence) + 1;
                    }
                }
            }

            missed.AddRange(RangesOfEqualCount(missedBy).Select(range => new MissedRange(topic.Name, range.From, range.To, range.Subscribers)));
        }

        return notPublished.Count + missed.Count > MessageLedger.MaxRanges
            ? new MessageLedger([], [], Truncated: true)
            : new MessageLedger(notPublished, missed, Truncated: false);
    }

    private static IEnumerable<(long From, long To)> Ranges(IEnumerable<long> ascending)
    {
        (long From, long To)? open = null;
        foreach (var sequence in ascending)
        {
            if (open is { } range && sequence == range.To + 1)
            {
                open = (range.From, sequence);
                continue;
            }

            if (open is { } done)
            {
                yield return done;
            }

            open = (sequence, sequence);
        }

        if (open is { } last)
        {
            yield return last;
        }
    }

    private static IEnumerable<(long From, long To, long Subscribers)> RangesOfEqualCount(SortedDictionary<long, long> missedBy)
    {
        (long From, long To, long Subscribers)? open = null;
        foreach (var (sequence, subscribers) in missedBy)
        {
            if (open is { } range && sequence == range.To + 1 && subscribers == range.Subscribers)
            {
                open = (range.From, sequence, subscribers);
                continue;
            }

            if (open is { } done)
            {
                yield return done;
            }

            open = (sequence, sequence, subscribers);
        }

        if (open is { } last)
        {
            yield return last;
        }
    }
}
