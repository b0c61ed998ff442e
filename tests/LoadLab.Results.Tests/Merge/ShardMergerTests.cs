using HdrHistogram;
using LoadLab.Results.Merge;

namespace LoadLab.Results.Tests.Merge;

public sealed class ShardMergerTests
{
    internal static ShardFile Shard(int index, int count, string publishing = "first", double offsetMs = 0, string runId = "20261125-120000-quick", string scenario = "quick")
    {
        var sample = SampleResults.Create(scenario);
        var run = sample.Runs[0];
        return new ShardFile($"shard-{index}-of-{count}.json", sample with
        {
            RunId = runId,
            Shard = new ShardInfo(index, count, publishing),
            Clock = new ClockOffset(offsetMs, 0.25 * index, 0.5 * index, 8, "GET /time"),
            Environment = sample.Environment with { MachineName = $"agent-{index}" },
            Runs = [run with { LatencyHistogram = HistogramCodec.Encode(SampleResults.Latencies(index, 1_000 * index)) }],
        });
    }

    [Fact]
    public void Counts_add_up_and_latency_comes_from_the_sum_of_the_histograms()
    {
        var shards = new[] { Shard(1, 2), Shard(2, 2, offsetMs: 1.5) };

        var merged = ShardMerger.Merge(shards);

        var run = Assert.Single(merged.Runs);
        var parts = shards.Select(shard => shard.Result.Runs[0]).ToList();
        Assert.Equal(parts.Sum(p => p.Messages.Delivered), run.Messages.Delivered);
        Assert.Equal(parts.Sum(p => p.Messages.Expected), run.Messages.Expected);
        Assert.Equal(parts[0].Messages.Published, run.Messages.Published);
        Assert.Equal(parts.Sum(p => p.Connections.Established), run.Connections.Established);
        Assert.Equal(parts.Sum(p => p.Client.CpuSeconds), run.Client.CpuSeconds);
        var both = new LongHistogram(HistogramCodec.HighestTrackableMicroseconds, 3);
        both.Add(SampleResults.Latencies(1, 1_000));
        both.Add(SampleResults.Latencies(2, 2_000));
        Assert.Equal(3_000, HistogramCodec.Decode(run.LatencyHistogram, "merged").TotalCount);
        Assert.Equal(LatencyStats.FromHistogram(both), run.LatencyMs);
        Assert.Null(merged.Shard);
        Assert.Equal("agent-1, agent-2", merged.Environment.MachineName);
    }

    [Fact]
    public void Messages_per_read_are_all_the_shards_messages_over_all_their_reads()
    {
        // Shard 1: 1,000 messages in 100 reads; shard 2: 3,000 in 1,000. Together 4,000 in 1,100, not the mean of 10 and 3.
        ShardFile With(ShardFile shard, long delivered, double perRead) => shard with
        {
            Result = shard.Result with
            {
                Runs = [shard.Result.Runs[0] with
                {
                    Messages = shard.Result.Runs[0].Messages with { Delivered = delivered },
                    Client = shard.Result.Runs[0].Client with { MessagesPerRead = perRead },
                }],
            },
        };

        var merged = ShardMerger.Merge([With(Shard(1, 2), 1_000, 10), With(Shard(2, 2), 3_000, 3)]);
        var unknown = ShardMerger.Merge([With(Shard(1, 2), 1_000, 10), Shard(2, 2)]);

        Assert.Equal(4_000 / 1_100.0, merged.Runs[0].Client.MessagesPerRead!.Value, 9);
        Assert.Null(unknown.Runs[0].Client.MessagesPerRead);
    }

    [Fact]
    public void Publishes_another_shard_had_refused_leave_expected_and_lost_and_are_counted_once_as_not_published()
    {
        // 100 scheduled on topic "t", 10 subscribers per shard. Shard 1 sent all and the server refused 41..45; shard 2
        // could not know, so its clients missed 41..45 (5 × 10, "lost") and one client really lost 70.
        var publisher = WithMessages(Shard(1, 2), new MessageStats(95, 950, 950, 0, 0, 0, 5),
            new MessageLedger([new SequenceRange("t", 41, 45)], [], Truncated: false));
        var listener = WithMessages(Shard(2, 2), new MessageStats(100, 1_000, 949, 51, 0, 0),
            new MessageLedger([], [new MissedRange("t", 41, 45, 10), new MissedRange("t", 70, 70, 1)], Truncated: false));

        var messages = ShardMerger.Merge([publisher, listener]).Runs[0].Messages;

        Assert.Equal(new MessageStats(95, 1_900, 1_899, 1, 0, 0, 5), messages);
        Assert.Empty(ShardMerger.Unreconciled([publisher, listener]));
    }

    [Fact]
    public void Without_every_shard_ledger_refused_publishes_stay_in_lost_and_the_merge_says_so()
    {
        var publisher = WithMessages(Shard(1, 2), new MessageStats(95, 950, 950, 0, 0, 0, 5),
            new MessageLedger([new SequenceRange("t", 41, 45)], [], Truncated: false));
        var listener = WithMessages(Shard(2, 2), new MessageStats(100, 1_000, 950, 50, 0, 0), new MessageLedger([], [], Truncated: true));

        var messages = ShardMerger.Merge([publisher, listener]).Runs[0].Messages;

        Assert.Equal(new MessageStats(95, 1_950, 1_900, 50, 0, 0, 5), messages);
        Assert.Equal(["ws"], ShardMerger.Unreconciled([publisher, listener]));
    }

    [Fact]
    public void Agents_may_each_target_a_different_instance_and_the_merge_lists_every_target()
    {
        ShardFile Targeting(ShardFile shard, string target) => shard with
        {
            Result = shard.Result with { ResolvedScenario = new Dictionary<string, string>(shard.Result.ResolvedScenario) { ["target"] = target } },
        };

        var merged = ShardMerger.Merge([Targeting(Shard(1, 2), "http://10.0.0.1:5000/"), Targeting(Shard(2, 2), "http://10.0.0.2:5000/")]);

        Assert.Equal("http://10.0.0.1:5000/, http://10.0.0.2:5000/", merged.ResolvedScenario["target"]);
        Assert.Equal("50", merged.ResolvedScenario["publisher.rate"]);
    }

    /// <summary>Through the results file and back, as the agents' files reach the merge.</summary>
    private static ShardFile WithMessages(ShardFile shard, MessageStats messages, MessageLedger ledger) =>
        shard with
        {
            Result = ResultsJson.Deserialize(
                ResultsJson.Serialize(shard.Result with { Runs = [shard.Result.Runs[0] with { Messages = messages, Ledger = ledger }] }), shard.Source),
        };

    [Fact]
    public void Each_shard_clock_is_stated_against_the_publishing_shard()
    {
        var merged = ShardMerger.Merge([Shard(2, 2, offsetMs: 1.5), Shard(1, 2, offsetMs: -0.5)]);

        Assert.Equal([1, 2], merged.MergedShards!.Select(shard => shard.Index));
        Assert.Equal((0.0, 0.0), (merged.MergedShards![0].OffsetToPublisherMs, merged.MergedShards[0].LatencyUncertaintyMs));
        Assert.Equal(2.0, merged.MergedShards[1].OffsetToPublisherMs);
        Assert.Equal(0.75, merged.MergedShards[1].LatencyUncertaintyMs);
    }

    [Fact]
    public void Time_series_are_aligned_on_absolute_time_and_summed()
    {
        var first = Shard(1, 2);
        var late = Shard(2, 2);
        var lateRun = late.Result.Runs[0];
        late = late with { Result = late.Result with { Runs = [lateRun with { StartedAt = lateRun.StartedAt.AddSeconds(2) }] } };

        var series = ShardMerger.Merge([first, late]).Runs[0].Timeseries;

        Assert.Equal(Enumerable.Range(1, 22), series.Select(point => point.Second));
        Assert.Equal(first.Result.Runs[0].Timeseries[0].Connections, series[0].Connections);
        Assert.Equal(first.Result.Runs[0].Timeseries[2].Connections + lateRun.Timeseries[0].Connections, series[2].Connections);
    }

    [Fact]
    public void Refuses_a_shard_given_twice()
    {
        var error = Assert.Throws<ShardMergeException>(() => ShardMerger.Merge([Shard(1, 2), Shard(1, 2)]));
        Assert.Equal("duplicate shard 1/2: shard-1-of-2.json and shard-1-of-2.json", error.Message);
    }

    [Fact]
    public void Refuses_a_missing_shard_naming_it()
    {
        var error = Assert.Throws<ShardMergeException>(() => ShardMerger.Merge([Shard(1, 3), Shard(3, 3)]));
        Assert.Equal("missing shard 2/3 of run '20261125-120000-quick' (have 1/3, 3/3)", error.Message);
    }

    [Fact]
    public void Refuses_different_shard_counts()
    {
        var error = Assert.Throws<ShardMergeException>(() => ShardMerger.Merge([Shard(1, 2), Shard(2, 3)]));
        Assert.Equal("not shards of one run, different shard counts: shard-1-of-2.json has shard 1/2, shard-2-of-3.json has shard 2/3", error.Message);
    }

    [Fact]
    public void Refuses_different_scenarios_and_runs()
    {
        var scenario = Assert.Throws<ShardMergeException>(() => ShardMerger.Merge([Shard(1, 2), Shard(2, 2, scenario: "broadcast")]));
        Assert.Contains("different scenarios: shard-1-of-2.json has scenario 'quick', shard-2-of-2.json has scenario 'broadcast'", scenario.Message, StringComparison.Ordinal);

        var run = Assert.Throws<ShardMergeException>(() => ShardMerger.Merge([Shard(1, 2), Shard(2, 2, runId: "20261125-130000-quick")]));
        Assert.Contains("different runs", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_file_that_is_not_a_shard()
    {
        var whole = new ShardFile("results.json", SampleResults.Create());
        var error = Assert.Throws<ShardMergeException>(() => ShardMerger.Merge([Shard(1, 2), whole]));
        Assert.StartsWith("results.json is not a shard's results", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merged_file_reads_back_as_an_ordinary_results_file()
    {
        var merged = ShardMerger.Merge([Shard(1, 2), Shard(2, 2)]);

        var read = ResultsJson.Deserialize(ResultsJson.Serialize(merged), "results.json");

        Assert.Equal(2, read.MergedShards!.Count);
        Assert.Equal(merged.Runs[0].LatencyMs, read.Runs[0].LatencyMs);
    }
}
