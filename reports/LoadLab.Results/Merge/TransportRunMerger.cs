using HdrHistogram;

namespace LoadLab.Results.Merge;

/// <summary>
/// Merges one transport run across shards. Counts add up; latency comes from the sum of the shards' histograms
/// (never an average of percentiles); the time series is aligned on absolute time and summed. What the shards
/// share is not added: the server (every agent reads the same one) and, when they share topics, the publishes.
/// </summary>
internal static class TransportRunMerger
{
    public static TransportRunResult Merge(IReadOnlyList<ShardFile> shards, int runIndex, bool sharedTopics)
    {
        var runs = shards.Select(shard => shard.Result.Runs[runIndex]).ToList();
        var first = runs[0];
        var histogram = MergedHistogram(shards, runIndex);
        var clients = runs.Select(run => run.Client).ToList();
        return first with
        {
            Status = runs.All(run => run.Status == RunStatus.Completed) ? RunStatus.Completed : RunStatus.Aborted,
            StartedAt = runs.Min(run => run.StartedAt),
            MeasuredSeconds = runs.Max(run => run.MeasuredSeconds),
            Connections = new ConnectionStats(
                runs.Sum(run => run.Connections.Target),
                runs.Sum(run => run.Connections.Established),
                runs.Sum(run => run.Connections.Failed),
                new SortedDictionary<string, int>(
                    runs.SelectMany(run => run.Connections.FailuresByReason).GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Sum(pair => pair.Value)),
                    StringComparer.Ordinal),
                // Connect times are kept as percentiles only: the worst shard's are the honest bound.
                new ConnectTimeStats(runs.Max(run => run.Connections.ConnectMs.P50), runs.Max(run => run.Connections.ConnectMs.P99), runs.Max(run => run.Connections.ConnectMs.Max))),
            Messages = MessageMerger.Merge(runs, sharedTopics),
            LatencyMs = LatencyStats.FromHistogram(histogram),
            LatencyHistogram = HistogramCodec.Encode(histogram),
            Throughput = new ThroughputStats(runs.Sum(run => run.Throughput.DeliveredPerSec), runs.Sum(run => run.Throughput.BytesPerSec)),
            Server = SharedServer(runs),
            Client = new ClientStats(
                clients.Sum(c => c.CpuSeconds),
                clients.Sum(c => c.RssBytesPeak),
                clients.Any(c => c.Saturated),
                [.. shards.Zip(clients).SelectMany(pair => pair.Second.SaturationReasons.Select(reason => $"shard {pair.First.Result.Shard!.Index}: {reason}"))],
                CpuPerReceived(runs),
                MemoryPerConnection(runs),
                MessagesPerRead(runs)),
            Timeseries = MergedSeries(shards, runIndex),
            Thresholds = [],
            // The merge is the whole run: no ledger left to reconcile.
            Ledger = null,
        };
    }

    /// <summary>The sum of the shards' latency histograms: exact percentiles of every delivery of every shard.</summary>
    public static HistogramBase MergedHistogram(IReadOnlyList<ShardFile> shards, int runIndex)
    {
        HistogramBase? merged = null;
        foreach (var shard in shards)
        {
            var histogram = HistogramCodec.Decode(shard.Result.Runs[runIndex].LatencyHistogram, shard.Source);
            if (merged is null)
            {
                merged = histogram;
            }
            else
            {
                merged.Add(histogram);
            }
        }

        return merged!;
    }

    /// <summary>
    /// Each shard's seconds placed on absolute time (its start on the target's clock, plus the second) and summed.
    /// A second's p50/p99 is the worst shard's: the file keeps no per-second histograms to merge.
    /// The server's RSS and CPU are the first shard's reading of the one server.
    /// </summary>
    private static IReadOnlyList<TimeSeriesPoint> MergedSeries(IReadOnlyList<ShardFile> shards, int runIndex)
    {
        var starts = shards.Select(shard => shard.Result.Runs[runIndex].StartedAt + Offset(shard.Result)).ToList();
        var origin = starts.Min();
        var bySecond = new SortedDictionary<int, List<(int Shard, TimeSeriesPoint Point)>>();
        for (var i = 0; i < shards.Count; i++)
        {
            var shift = (int)Math.Round((starts[i] - origin).TotalSeconds, MidpointRounding.AwayFromZero);
            foreach (var point in shards[i].Result.Runs[runIndex].Timeseries)
            {
                var second = point.Second + shift;
                if (!bySecond.TryGetValue(second, out var points))
                {
                    bySecond[second] = points = [];
                }

                points.Add((i, point));
            }
        }

        return [.. bySecond.Select(pair =>
        {
            var points = pair.Value.Select(entry => entry.Point).ToList();
            var server = pair.Value.OrderBy(entry => entry.Shard).First().Point;
            return new TimeSeriesPoint(
                pair.Key,
                points.Any(p => p.Warmup),
                points.Sum(p => p.Connections),
                points.Sum(p => p.Delivered),
                points.Sum(p => p.Bytes),
                points.Max(p => p.P50Ms),
                points.Max(p => p.P99Ms),
                points.Sum(p => p.Errors),
                server.ServerRssBytes,
                server.ServerCpuSeconds);
        })];
    }

    private static TimeSpan Offset(RunResult result) =>
        result.Clock is { } clock ? TimeSpan.FromTicks((long)(clock.OffsetMs * TimeSpan.TicksPerMillisecond)) : TimeSpan.Zero;

    /// <summary>
    /// The one server every shard read, as the first shard saw it. Its per-connection and per-message figures divided
    /// the server's growth by that shard's connections and deliveries only, though every shard's caused it (the shards
    /// ramp up and publish on one timetable): they are divided again by all of them.
    /// </summary>
    private static ServerStats SharedServer(List<TransportRunResult> runs)
    {
        var first = runs[0];
        var connections = runs.Sum(run => run.Connections.Established);
        var delivered = runs.Sum(run => run.Messages.Delivered);
        return first.Server with
        {
            MemoryPerConnectionBytes = connections > 0 ? first.Server.MemoryPerConnectionBytes * first.Connections.Established / connections : null,
            CpuMicrosecondsPerDelivered = delivered > 0 ? first.Server.CpuMicrosecondsPerDelivered * first.Messages.Delivered / delivered : null,
        };
    }

    /// <summary>The engines' CPU per message received, over all shards: each shard's figure weighted by what it received.</summary>
    private static double? CpuPerReceived(IReadOnlyList<TransportRunResult> runs)
    {
        var received = runs.Sum(run => run.Messages.Delivered);
        return runs.Any(run => run.Client.CpuMicrosecondsPerReceived is null) || received == 0
            ? null
            : runs.Sum(run => run.Client.CpuMicrosecondsPerReceived!.Value * run.Messages.Delivered) / received;
    }

    /// <summary>All the engines' messages over all their reads: each shard's reads are its messages over its messages per read.</summary>
    private static double? MessagesPerRead(IReadOnlyList<TransportRunResult> runs)
    {
        if (runs.Any(run => run.Client.MessagesPerRead is not > 0))
        {
            return null;
        }

        var received = runs.Sum(run => run.Messages.Delivered);
        var reads = runs.Sum(run => run.Messages.Delivered / run.Client.MessagesPerRead!.Value);
        return reads > 0 ? received / reads : null;
    }

    /// <summary>The engines' heap growth over all their connections.</summary>
    private static double? MemoryPerConnection(IReadOnlyList<TransportRunResult> runs)
    {
        if (runs.Any(run => run.Client.MemoryPerConnectionBytes is null))
        {
            return null;
        }

        var connections = runs.Sum(run => run.Connections.Established);
        return connections > 0 ? runs.Sum(run => run.Client.MemoryPerConnectionBytes!.Value * run.Connections.Established) / connections : null;
    }
}
