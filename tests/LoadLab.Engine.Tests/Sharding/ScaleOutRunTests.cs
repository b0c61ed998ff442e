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
        var startAt = DateTimeOffset.UtcNow.AddSeconds(3);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var shards = await Task.WhenAll(Enumerable.Range(1, 2).Select(index => RunShardAsync(index, targets[index - 1], transport, startAt, holdSeconds: 4, timeout.Token)));

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

    [Theory]
    [InlineData(TransportKind.WebSocket)]
    [InlineData(TransportKind.Sse)]
    public async Task Redis_killed_and_restarted_mid_run_the_instances_recover_and_the_report_counts_what_was_not_published(TransportKind transport)
    {
        // A Redis of its own: this one is killed (no persistence, so it comes back empty).
        await using var redis = await RedisProcess.StartAsync();
        var prefix = RedisProcess.UniquePrefix();
        await using var first = await StartInstanceAsync(redis.Configuration, prefix);
        await using var second = await StartInstanceAsync(redis.Configuration, prefix);
        Uri[] targets = [first.GetListeningAddresses().Single(), second.GetListeningAddresses().Single()];
        var startAt = DateTimeOffset.UtcNow.AddSeconds(3);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        var shards = Enumerable.Range(1, 2).Select(index => RunShardAsync(index, targets[index - 1], transport, startAt, holdSeconds: 12, timeout.Token)).ToArray();
        // Publishing runs from about 3 s to 12 s after the start: Redis is down from 4 s to 5.5 s of it.
        await Task.Delay(startAt.AddSeconds(4) - DateTimeOffset.UtcNow, timeout.Token);
        await redis.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5), timeout.Token);
        await redis.StartAgainAsync();
        var results = await Task.WhenAll(shards);

        // Shard 1 sent every publish: the server refused those made while Redis was down, and it knows which.
        var publisher = Assert.Single(results[0].Result.Runs);
        var refused = publisher.Messages.NotPublished;
        Assert.True(refused > 0, "the publishes made while Redis was down are counted as not published");
        // Publishes resumed once the instance was back on Redis (a second or a few after the restart).
        Assert.True(publisher.Messages.Published > 0, $"{publisher.Messages}");
        Assert.Equal((publisher.Messages.Published * 30, 0L, 0L), (publisher.Messages.Delivered, publisher.Messages.Lost, publisher.Messages.Duplicated));
        Assert.Equal(refused, publisher.Ledger!.NotPublished.Sum(range => range.To - range.From + 1));

        // Shard 2 could not know: its clients were owed the refused ones too, so alone it counts them lost; its ledger says which.
        var listener = Assert.Single(results[1].Result.Runs);
        Assert.Equal(publisher.Messages.Published + refused, listener.Messages.Published);
        Assert.Equal(refused * 30, listener.Messages.Lost);
        Assert.Equal(listener.Messages.Lost, listener.Ledger!.Missed.Sum(range => (range.To - range.From + 1) * range.Subscribers));

        // The merge knows both: nothing lost, the refused publishes counted once, as not published.
        var merged = ShardMerger.Merge(results).Runs[0].Messages;
        Assert.Empty(ShardMerger.Unreconciled(results));
        Assert.Equal((publisher.Messages.Published, refused), (merged.Published, merged.NotPublished));
        Assert.Equal((merged.Published * 60, merged.Published * 60, 0L, 0L), (merged.Expected, merged.Delivered, merged.Lost, merged.Duplicated));
        foreach (var run in results.Select(shard => shard.Result.Runs[0]))
        {
            Assert.Equal(0, run.Connections.Failed);
            // Delivery came back through both instances: messages arrived in the seconds after the restart.
            Assert.Contains(run.Timeseries, second => second.Second >= 7 && second.Delivered > 0);
        }

        foreach (var instance in new[] { first, second })
        {
            using var http = new HttpClient { BaseAddress = instance.GetListeningAddresses().Single() };
            using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative), timeout.Token);
            Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        }
    }

    private static async Task<ShardFile> RunShardAsync(int index, Uri target, TransportKind transport, DateTimeOffset startAt, int holdSeconds, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var clock = await ClockOffsetEstimator.EstimateAsync(http, target, 4, cancellationToken);
        var options = Running.ScenarioRunnerTests.Options() with
        {
            RunId = "20261125-130000-scale-out",
            Shard = new ShardRun { Shard = new ShardSpec(index, 2), Publishing = PublishSharing.First, RunId = "20261125-130000-scale-out", StartAt = startAt, Clock = clock },
        };
        var result = await new ScenarioRunner(_ => throw new InvalidOperationException("agents never start a server"))
            .RunAsync(Scenario(target, transport, holdSeconds), options, cancellationToken);
        return new ShardFile($"shard-{index}-of-2.json", ResultsJson.Deserialize(ResultsJson.Serialize(result), $"shard-{index}-of-2.json"));
    }

    private static Scenario Scenario(Uri target, TransportKind transport, int holdSeconds = 4) => new()
    {
        Name = "scale-out",
        Target = target,
        Transports = [transport],
        Stages = [new LoadStage(60, TimeSpan.FromSeconds(1)), new LoadStage(60, TimeSpan.FromSeconds(holdSeconds)), new LoadStage(0, TimeSpan.FromMilliseconds(500))],
        Publisher = new PublisherSpec { Rate = 20, PayloadBytes = 128, Topics = 1, Shards = PublishSharing.First },
        Thresholds = [new Threshold("messages.lost", ThresholdOperator.Equal, 0, "messages.lost == 0")],
    };

    private Task<WebApplication> StartInstanceAsync(string prefix) => StartInstanceAsync(fixture.Redis.Configuration, prefix);

    private static async Task<WebApplication> StartInstanceAsync(string redis, string prefix)
    {
        var app = ReferenceServer.Build(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Push:Backplane"] = "redis",
            ["Push:Redis:Configuration"] = redis,
            ["Push:Redis:KeyPrefix"] = prefix,
        });
        await app.StartAsync();
        return app;
    }
}
