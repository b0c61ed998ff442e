namespace LoadLab.Results.Merge;

/// <summary>
/// Merges one transport run's message counts across shards. Shards that share topics walk one schedule, and a publish
/// the server refused is known to its sender only: the other shards counted it as owed to their subscribers and, as
/// none arrived, as lost. Their <see cref="MessageLedger"/>s say which sequences each shard refused and which its
/// subscribers missed; the missed ones another shard refused were never published, and leave expected and lost here.
/// A refused publish that another shard's subscribers got anyway (the server took it and died before answering) stays
/// delivered there: it did arrive.
/// </summary>
internal static class MessageMerger
{
    public static MessageStats Merge(IReadOnlyList<TransportRunResult> runs, bool sharedTopics)
    {
        var messages = runs.Select(run => run.Messages).ToList();
        var notPublished = messages.Sum(m => m.NotPublished);
        // Every shard sharing topics counts the whole schedule, published or refused; separate topics add up.
        var scheduled = sharedTopics ? messages.Max(m => m.Published + m.NotPublished) : messages.Sum(m => m.Published + m.NotPublished);
        var neverPublished = sharedTopics ? NeverPublishedButCounted(runs) : 0;
        return new MessageStats(
            scheduled - notPublished,
            messages.Sum(m => m.Expected) - neverPublished,
            messages.Sum(m => m.Delivered),
            messages.Sum(m => m.Lost) - neverPublished,
            messages.Sum(m => m.Duplicated),
            messages.Sum(m => m.OutOfOrder),
            notPublished);
    }

    /// <summary>Whether every shard's ledger is there and whole, so <see cref="Merge"/> could take refused publishes out of lost.</summary>
    public static bool Reconciled(IReadOnlyList<TransportRunResult> runs) =>
        runs.All(run => run.Ledger is { Truncated: false }) || runs.All(run => run.Messages.NotPublished == 0);

    /// <summary>Per shard, its subscribers' misses of sequences another shard's publish was refused for; summed.</summary>
    private static long NeverPublishedButCounted(IReadOnlyList<TransportRunResult> runs)
    {
        if (!Reconciled(runs) || runs.All(run => run.Messages.NotPublished == 0))
        {
            return 0;
        }

        var refused = runs.SelectMany((run, shard) => run.Ledger!.NotPublished.Select(range => (Shard: shard, Range: range))).ToList();
        var total = 0L;
        for (var shard = 0; shard < runs.Count; shard++)
        {
            foreach (var missed in runs[shard].Ledger!.Missed)
            {
                var others = refused.Where(r => r.Shard != shard && r.Range.Topic == missed.Topic);
                total += missed.Subscribers * others.Sum(r => Math.Max(0, Math.Min(missed.To, r.Range.To) - Math.Max(missed.From, r.Range.From) + 1));
            }
        }

        return total;
    }
}
