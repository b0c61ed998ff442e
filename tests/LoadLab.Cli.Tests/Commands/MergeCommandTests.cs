using LoadLab.Results;
using LoadLab.Results.Tests;

namespace LoadLab.Cli.Tests.Commands;

public sealed class MergeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loadlab-merge-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Shards_merge_into_an_ordinary_results_file_that_compare_and_gate_read()
    {
        var files = new[] { await WriteShardAsync(1, 2), await WriteShardAsync(2, 2) };
        var output = Path.Combine(_folder, "merged");

        var (exit, printed, error) = await CliProcess.RunAsync(["merge", .. files, "--out", output]);

        Assert.True(exit == 0, error);
        Assert.Contains("shard 2 (agent-2): clock offset to the target +1.5 ms ± 0.5 ms", printed, StringComparison.Ordinal);
        var merged = await ResultsFile.ReadAsync(Path.Combine(output, ResultsFile.FileName), CancellationToken.None);
        Assert.Equal([1, 2], merged.MergedShards!.Select(shard => shard.Index));
        Assert.Contains("**Clocks**", await File.ReadAllTextAsync(Path.Combine(output, "summary.md")), StringComparison.Ordinal);
        Assert.Contains("id=\"clocks\"", await File.ReadAllTextAsync(Path.Combine(output, "report.html")), StringComparison.Ordinal);

        var mergedFile = Path.Combine(output, ResultsFile.FileName);
        Assert.Equal(0, (await CliProcess.RunAsync("compare", mergedFile, files[0], "--out", Path.Combine(_folder, "compare.html"))).Exit);
        // The sample's sse run is saturated, which the gate calls inconclusive (1): read and judged, not refused (2).
        var gate = await CliProcess.RunAsync("gate", "--baseline", mergedFile, "--current", mergedFile);
        Assert.Equal(1, gate.Exit);
        Assert.Contains("pass         ws latency.p99", gate.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_shard_is_refused_with_exit_2_naming_it()
    {
        var first = await WriteShardAsync(1, 2);
        var copy = Path.Combine(_folder, "copy.json");
        File.Copy(first, copy);

        var (exit, _, error) = await CliProcess.RunAsync("merge", first, copy, "--out", Path.Combine(_folder, "merged"));

        Assert.Equal(2, exit);
        Assert.Contains($"loadlab merge: duplicate shard 1/2: {first} and {copy}", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "merged")));
    }

    [Fact]
    public async Task Shards_of_different_counts_or_a_missing_shard_are_refused_with_exit_2()
    {
        var (exit, _, error) = await CliProcess.RunAsync("merge", await WriteShardAsync(1, 2), await WriteShardAsync(2, 3));
        Assert.Equal(2, exit);
        Assert.Contains("different shard counts", error, StringComparison.Ordinal);

        (exit, _, error) = await CliProcess.RunAsync("merge", await WriteShardAsync(1, 3));
        Assert.Equal(2, exit);
        Assert.Contains("missing shards 2/3, 3/3", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_needs_a_target_and_a_shard()
    {
        var (exit, _, error) = await CliProcess.RunAsync("agent", "--shard", "1/2", Scenario());
        Assert.Equal(2, exit);
        Assert.Contains("--target is required", error, StringComparison.Ordinal);

        (exit, _, error) = await CliProcess.RunAsync("agent", "--shard", "3/2", Scenario(), "--target", "http://127.0.0.1:1");
        Assert.Equal(2, exit);
        Assert.Contains("--shard '3/2' is not a shard", error, StringComparison.Ordinal);

        (exit, _, error) = await CliProcess.RunAsync("agent", "--shard", "1/2", Scenario(), "--target", "http://127.0.0.1:1", "--start-at", "noon", "--out", _folder);
        Assert.Equal(2, exit);
        Assert.Contains("--start-at 'noon' is not an ISO 8601 time", error, StringComparison.Ordinal);
    }

    private static string Scenario() => Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "scenarios", "sharded.yaml");

    private async Task<string> WriteShardAsync(int index, int count)
    {
        var sample = SampleResults.Create();
        var result = sample with
        {
            Shard = new ShardInfo(index, count, "first"),
            Clock = new ClockOffset(index == 1 ? 0 : 1.5, 0.5, 1, 8, "GET /time"),
            Environment = sample.Environment with { MachineName = $"agent-{index}" },
        };
        var path = Path.Combine(_folder, $"shard-{index}-of-{count}-{Guid.NewGuid():N}.json");
        await ResultsFile.WriteAtomicallyAsync(path, result, CancellationToken.None);
        return path;
    }
}
