namespace LoadLab.Cli.Tests.Commands;

public sealed class CapacityCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loadlab-capacity-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_small_search_writes_every_step_and_the_report_naming_the_knee()
    {
        // Only losses end a step here: a busy machine can push even 20 connections' p99 past the scenario's 200 ms, and the
        // search would then rightly stop after the first step. Where the search stops is CapacitySearchTests' subject.
        var (exit, output, error) = await CliProcess.RunAsync(
            "capacity", RunCommandTests.Scenario("capacity.yaml"), "--out", _folder,
            "--set", "transports=sse", "--set", "capacity.rates=5,10", "--set", "warmup=1s", "--set", "thresholds=messages.lost == 0",
            "--set", "stages[0].rampTo=20", "--set", "stages[0].over=1s", "--set", "stages[1].hold=4s", "--set", "stages[2].over=500ms");

        Assert.True(exit == 0, error);
        Assert.True(File.Exists(Path.Combine(_folder, "sse-rate-5", "results.json")));
        Assert.True(File.Exists(Path.Combine(_folder, "sse-rate-10", "results.json")), output);
        Assert.Contains("**sse: ", output, StringComparison.Ordinal);
        Assert.Contains("<figure id=\"capacity-curve\"><svg", await File.ReadAllTextAsync(Path.Combine(_folder, "capacity.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_without_rates_is_bad_input()
    {
        var (exit, _, error) = await CliProcess.RunAsync("capacity", RunCommandTests.Scenario("quick.yaml"), "--out", _folder);

        Assert.Equal(2, exit);
        Assert.Contains("capacity.rates: is required", error, StringComparison.Ordinal);
    }
}
