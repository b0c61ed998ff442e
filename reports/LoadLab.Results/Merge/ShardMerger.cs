namespace LoadLab.Results.Merge;

/// <summary>
/// <c>loadlab merge</c>: the results files of every agent of a sharded run become one ordinary results file, which
/// <c>compare</c>, <c>gate</c> and the reports read like any other. Refuses files that are not, together, the
/// shards of one run (<see cref="ShardMergeException"/>). Thresholds are left for the caller to evaluate on the
/// merged figures. Thread-safe (stateless).
/// </summary>
public static class ShardMerger
{
    public static RunResult Merge(IReadOnlyList<ShardFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var shards = ShardCheck.Ordered(files);
        var first = shards[0].Result;
        var sharedTopics = first.Shard!.Publishing != "all";
        var environment = first.Environment;
        return first with
        {
            ResolvedScenario = MergedSettings(shards),
            StartedAt = shards.Min(shard => shard.Result.StartedAt),
            Status = shards.All(shard => shard.Result.Status == RunStatus.Completed) ? RunStatus.Completed : RunStatus.Aborted,
            Environment = environment with
            {
                CpuCount = shards.Sum(shard => shard.Result.Environment.CpuCount),
                MachineName = string.Join(", ", shards.Select(shard => shard.Result.Environment.MachineName).Distinct(StringComparer.Ordinal)),
            },
            Runs = [.. first.Runs.Select((_, i) => TransportRunMerger.Merge(shards, i, sharedTopics))],
            Shard = null,
            Clock = null,
            MergedShards = [.. shards.Select(shard => Describe(shard.Result, shards))],
        };
    }

    /// <summary>The shards' settings, which agree but for <see cref="ShardCheck.PerAgentSettings"/>: those list each distinct value.</summary>
    private static SortedDictionary<string, string> MergedSettings(IReadOnlyList<ShardFile> shards)
    {
        var settings = new SortedDictionary<string, string>(shards[0].Result.ResolvedScenario.ToDictionary(), StringComparer.Ordinal);
        foreach (var key in ShardCheck.PerAgentSettings)
        {
            var values = shards.Select(shard => shard.Result.ResolvedScenario.GetValueOrDefault(key)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (values.Count > 0)
            {
                settings[key] = string.Join(", ", values);
            }
        }

        return settings;
    }

    /// <summary>
    /// The transports whose lost count may include publishes the server refused (<see cref="MessageMerger"/>): a shard
    /// had refusals and not every shard's ledger lists its misses (a file from before ledgers, or too many to list).
    /// </summary>
    public static IReadOnlyList<string> Unreconciled(IReadOnlyList<ShardFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var shards = ShardCheck.Ordered(files);
        return shards[0].Result.Shard!.Publishing == "all"
            ? []
            : [.. shards[0].Result.Runs.Select((run, i) => (run.Label, Runs: shards.Select(shard => shard.Result.Runs[i]).ToList()))
                .Where(pair => !MessageMerger.Reconciled(pair.Runs))
                .Select(pair => pair.Label)];
    }

    /// <summary>
    /// A shard's clock against the publisher's. With <c>first</c> shard 1 stamps every message; with <c>split</c>
    /// any shard may have, so the worst of the others bounds the error; with <c>all</c> each shard times its own.
    /// </summary>
    private static MergedShard Describe(RunResult shard, IReadOnlyList<ShardFile> shards)
    {
        var index = shard.Shard!.Index;
        var machine = shard.Environment.MachineName;
        var clocks = shards.Select(other => other.Result.Clock).ToList();
        if (shard.Clock is not { } clock || clocks.Any(other => other is null) || shard.Shard.Publishing == "all")
        {
            return new MergedShard(index, shard.RunId, machine, shard.Clock, null, null);
        }

        if (shard.Shard.Publishing == "split")
        {
            var worstOther = shards.Where(other => other.Result.Shard!.Index != index).Select(other => other.Result.Clock!.UncertaintyMs).DefaultIfEmpty(0).Max();
            return new MergedShard(index, shard.RunId, machine, clock, null, shards.Count == 1 ? 0 : clock.UncertaintyMs + worstOther);
        }

        var publisher = clocks[0]!;
        return index == 1
            ? new MergedShard(index, shard.RunId, machine, clock, 0, 0)
            : new MergedShard(index, shard.RunId, machine, clock, clock.OffsetMs - publisher.OffsetMs, clock.UncertaintyMs + publisher.UncertaintyMs);
    }
}
