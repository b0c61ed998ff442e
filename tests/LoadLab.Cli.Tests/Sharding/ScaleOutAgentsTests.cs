using System.Globalization;
using LoadLab.Results;
using LoadLab.Server;
using LoadLab.Tests.Redis;
using Microsoft.AspNetCore.Builder;

namespace LoadLab.Cli.Tests.Sharding;

/// <summary>
/// Scale-out as it is run: a real Redis, two reference server instances on its backplane, and two <c>loadlab agent</c>
/// processes, each connected to a different instance; shard 1 publishes through its instance only, so every message
/// shard 2's clients get crossed Redis. Then <c>loadlab merge</c> of their files.
/// </summary>
public sealed class ScaleOutAgentsTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loadlab-agents-").FullName;
    private RedisProcess _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisProcess.StartAsync();

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Two_agent_processes_on_two_instances_deliver_every_message_exactly_once_and_merge_into_the_sum()
    {
        var prefix = RedisProcess.UniquePrefix();
        await using var first = await StartInstanceAsync(prefix);
        await using var second = await StartInstanceAsync(prefix);
        var scenario = Path.Combine(_folder, "scale-out.yaml");
        await File.WriteAllTextAsync(scenario, """
            name: agents
            mode: broadcast
            transports: [ws, sse]
            stages:
              - rampTo: 40
                over: 1s
              - hold: 6s
              - rampTo: 0
                over: 500ms
            publisher:
              rate: 20
              payloadBytes: 128
              topics: 1
              shards: first
            thresholds:
              - messages.lost == 0
            """);
        // Late enough for both processes to be up on a busy machine (a late agent would start at once, out of step).
        var startAt = DateTimeOffset.UtcNow.AddSeconds(15).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        var agents = await Task.WhenAll(new[] { first, second }.Select((instance, i) => CliProcess.RunAsync(
            "agent", "--shard", $"{i + 1}/2", scenario, "--target", instance.GetListeningAddresses().Single().ToString(),
            "--start-at", startAt, "--run-id", "20261125-140000-agents", "--out", _folder)));

        Assert.All(agents, agent => Assert.True(agent.Exit == 0, agent.Output + agent.Error));
        var shardFiles = new[] { "shard-1-of-2.json", "shard-2-of-2.json" }.Select(name => Path.Combine(_folder, name)).ToArray();
        var shards = await Task.WhenAll(shardFiles.Select(file => ResultsFile.ReadAsync(file, CancellationToken.None)));
        var merge = await CliProcess.RunAsync(["merge", .. shardFiles, "--out", Path.Combine(_folder, "merged")]);
        Assert.True(merge.Exit == 0, merge.Output + merge.Error);
        var merged = await ResultsFile.ReadAsync(Path.Combine(_folder, "merged", ResultsFile.FileName), CancellationToken.None);

        foreach (var (run, i) in merged.Runs.Select((run, i) => (run, i)))
        {
            var parts = shards.Select(shard => shard.Runs[i]).ToList();
            Assert.All(parts, part => Assert.Equal((part.Messages.Published * 20, part.Messages.Expected, 0L, 0L),
                (part.Messages.Expected, part.Messages.Delivered, part.Messages.Lost, part.Messages.Duplicated)));
            Assert.True(run.Messages.Published > 0, $"{run.Transport}: {run.Messages}; shards: {string.Join("; ", parts.Select(part => part.Messages))}");
            Assert.Equal((40, run.Messages.Published * 40, 0L, 0L), (run.Connections.Established, run.Messages.Delivered, run.Messages.Lost, run.Messages.Duplicated));
            Assert.Equal(parts.Sum(part => part.Messages.Delivered), run.Messages.Delivered);
            Assert.Equal(run.Messages.Delivered, HistogramCodec.Decode(run.LatencyHistogram, "merged").TotalCount);
        }

        Assert.Equal(["ws", "sse"], merged.Runs.Select(run => run.Transport));
        Assert.Equal(string.Join(", ", new[] { first, second }.Select(instance => instance.GetListeningAddresses().Single().ToString())), merged.ResolvedScenario["target"]);
    }

    private async Task<WebApplication> StartInstanceAsync(string prefix)
    {
        var app = ReferenceServer.Build(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Push:Backplane"] = "redis",
            ["Push:Redis:Configuration"] = _redis.Configuration,
            ["Push:Redis:KeyPrefix"] = prefix,
        });
        await app.StartAsync();
        return app;
    }
}
