using HdrHistogram;
using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;
using LoadLab.Engine.Sharding;
using LoadLab.Results;
using LoadLab.Results.Merge;

namespace LoadLab.Engine.Tests.Sharding;

/// <summary>Two agents' shards run side by side in one process against one reference server on 127.0.0.1, then merged.</summary>
public sealed class ShardedRunTests
{
    private static Scenario Scenario(Uri target, PublishSharing sharing) => new()
    {
        Name = "sharded",
        Target = target,
        Transports = [TransportKind.WebSocket],
        Stages = [new LoadStage(60, TimeSpan.FromSeconds(1)), new LoadStage(60, TimeSpan.FromSeconds(5)), new LoadStage(0, TimeSpan.FromMilliseconds(500))],
        Publisher = new PublisherSpec { Rate = 40, PayloadBytes = 128, Topics = 1, Shards = sharing },
        Thresholds = [new Threshold("messages.lost", ThresholdOperator.Equal, 0, "messages.lost == 0")],
    };

    private static async Task<IReadOnlyList<ShardFile>> RunShardsAsync(PublishSharing sharing)
    {
        await using var server = await InProcessReferenceServer.StartAsync(CancellationToken.None);
        var scenario = Scenario(server.Address, sharing);
        var startAt = DateTimeOffset.UtcNow.AddSeconds(3);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var runs = Enumerable.Range(1, 2).Select(async index =>
        {
            using var http = new HttpClient();
            var clock = await ClockOffsetEstimator.EstimateAsync(http, server.Address, 4, timeout.Token);
            var options = LoadLab.Engine.Tests.Running.ScenarioRunnerTests.Options() with
            {
                RunId = "20261125-120000-sharded",
                Shard = new ShardRun { Shard = new ShardSpec(index, 2), Publishing = sharing, RunId = "20261125-120000-sharded", StartAt = startAt, Clock = clock },
            };
            var result = await new ScenarioRunner(_ => throw new InvalidOperationException("agents never start a server")).RunAsync(scenario, options, timeout.Token);
            return new ShardFile($"shard-{index}-of-2.json", ResultsJson.Deserialize(ResultsJson.Serialize(result), $"shard-{index}-of-2.json"));
        });
        return await Task.WhenAll(runs);
    }

    [Theory]
    [InlineData(PublishSharing.First)]
    [InlineData(PublishSharing.Split)]
    [InlineData(PublishSharing.All)]
    public async Task Every_message_reaches_every_connection_of_every_shard_exactly_once_and_the_merge_adds_up(PublishSharing sharing)
    {
        var shards = await RunShardsAsync(sharing);

        foreach (var shard in shards)
        {
            var run = Assert.Single(shard.Result.Runs);
            Assert.Equal(RunStatus.Completed, run.Status);
            Assert.Equal((30, 30, 0), (run.Connections.Target, run.Connections.Established, run.Connections.Failed));
            Assert.True(run.Messages.Published > 0);
            Assert.Equal(run.Messages.Published * 30, run.Messages.Expected);
            Assert.Equal(run.Messages.Expected, run.Messages.Delivered);
            Assert.Equal((0L, 0L), (run.Messages.Lost, run.Messages.Duplicated));
            Assert.NotNull(shard.Result.Clock);
            Assert.Equal(PublishShare.Name(sharing), shard.Result.Shard!.Publishing);
        }

        // Both shards walked the same schedule: they were owed the same messages.
        Assert.Equal(shards[0].Result.Runs[0].Messages.Published, shards[1].Result.Runs[0].Messages.Published);

        var merged = ShardMerger.Merge(shards).Runs[0];
        var parts = shards.Select(shard => shard.Result.Runs[0]).ToList();
        // Shared topics carry one schedule; with 'all' each shard published its own.
        Assert.Equal(parts[0].Messages.Published * (sharing == PublishSharing.All ? 2 : 1), merged.Messages.Published);
        Assert.Equal(60, merged.Connections.Established);
        Assert.Equal(parts.Sum(run => run.Messages.Delivered), merged.Messages.Delivered);
        Assert.Equal(parts.Sum(run => run.Messages.Expected), merged.Messages.Expected);
        Assert.Equal(merged.Messages.Expected, merged.Messages.Delivered);

        // The merged percentiles are those of one histogram holding every shard's deliveries, never an average.
        var both = new LongHistogram(HistogramCodec.HighestTrackableMicroseconds, 3);
        foreach (var shard in shards)
        {
            both.Add(HistogramCodec.Decode(shard.Result.Runs[0].LatencyHistogram, shard.Source));
        }

        var mergedHistogram = HistogramCodec.Decode(merged.LatencyHistogram, "merged");
        Assert.Equal(parts.Sum(run => HistogramCodec.Decode(run.LatencyHistogram, "shard").TotalCount), mergedHistogram.TotalCount);
        Assert.Equal(merged.Messages.Delivered, mergedHistogram.TotalCount);
        Assert.Equal(LatencyStats.FromHistogram(both), merged.LatencyMs);
    }
}
