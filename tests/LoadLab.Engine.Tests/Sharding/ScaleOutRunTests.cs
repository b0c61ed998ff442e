using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;
using LoadLab.Engine.Sharding;
using LoadLab.Results;
using LoadLab.Results.Merge;
using LoadLab.Server;
using LoadLab.Tests.Redis;
using Microsoft.AspNetCore.Builder;

namespace LoadLab.Engine.Tests.Sharding;

/// <summary>
/// The scale-out pieces together, small: a real Redis, two reference server instances on its backplane, two agents'
/// shards each connected to a different instance. Shard 1 publishes through instance 1 only, so every message that
/// reaches shard 2's clients crossed the backplane.
/// </summary>
public sealed class ScaleOutRunTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    [Theory]
    [InlineData(TransportKind.WebSocket)]
    [InlineData(TransportKind.Sse)]
    public async Task Published_through_one_instance_delivered_through_both_exactly_once_and_the_merge_is_the_sum(TransportKind transport)
    {
        var prefix = RedisProcess.UniquePrefix();
        await using var first = await StartInstanceAsync(prefix);
        await using var second = await StartInstanceAsync(prefix);
        Uri[] targets = [first.GetListeningAddresses().Single(), second.GetListeningAddresses().Single()];
        var startAt = DateTimeOffset.UtcNow.AddSeconds(1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var shards = await Task.WhenAll(Enumerable.Range(1, 2).Select(async index =>
        {
            var target = targets[index - 1];
            using var http = new HttpClient();
            var clock = await ClockOffsetEstimator.EstimateAsync(http, target, 4, timeout.Token);
            var options = Running.ScenarioRunnerTests.Options() with
            {
                RunId = "20261125-130000-scale-out",
                Shard = new ShardRun { Shard = new ShardSpec(index, 2), Publishing = PublishSharing.First, RunId = "20261125-130000-scale-out", StartAt = startAt, Clock = clock },
            };
            var result = await new ScenarioRunner(_ => throw new InvalidOperationException("agents never start a server"))
                .RunAsync(Scenario(target, transport), options, timeout.Token);
            return new ShardFile($"shard-{index}-of-2.json", ResultsJson.Deserialize(ResultsJson.Serialize(result), $"shard-{index}-of-2.json"));
        }));

        foreach (var shard in shards)
        {
            var run = Assert.Single(shard.Result.Runs);
            Assert.True(run.Messages.Published > 0);
            Assert.Equal(run.Messages.Published * 30, run.Messages.Expected);
            Assert.Equal((run.Messages.Expected, 0L, 0L), (run.Messages.Delivered, run.Messages.Lost, run.Messages.Duplicated));
        }

        var merged = ShardMerger.Merge(shards).Runs[0];
        Assert.Equal(shards.Sum(shard => shard.Result.Runs[0].Messages.Delivered), merged.Messages.Delivered);
        Assert.Equal((60, merged.Messages.Expected), (merged.Connections.Established, merged.Messages.Delivered));
        Assert.Equal(merged.Messages.Delivered, HistogramCodec.Decode(merged.LatencyHistogram, "merged").TotalCount);
    }

    private static Scenario Scenario(Uri target, TransportKind transport) => new()
    {
        Name = "scale-out",
        Target = target,
        Transports = [transport],
        Stages = [new LoadStage(60, TimeSpan.FromSeconds(1)), new LoadStage(60, TimeSpan.FromSeconds(4)), new LoadStage(0, TimeSpan.FromMilliseconds(500))],
        Publisher = new PublisherSpec { Rate = 20, PayloadBytes = 128, Topics = 1, Shards = PublishSharing.First },
        Thresholds = [new Threshold("messages.lost", ThresholdOperator.Equal, 0, "messages.lost == 0")],
    };

    private async Task<WebApplication> StartInstanceAsync(string prefix)
    {
        var app = ReferenceServer.Build(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Push:Backplane"] = "redis",
            ["Push:Redis:Configuration"] = fixture.Redis.Configuration,
            ["Push:Redis:KeyPrefix"] = prefix,
        });
        await app.StartAsync();
        return app;
    }
}
