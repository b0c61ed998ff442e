using LoadLab.Results;
using LoadLab.Results.Tests;

namespace LoadLab.Cli.Tests.Commands;

public sealed class GateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loadlab-gate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Same_results_pass_with_exit_0_and_write_junit_and_markdown()
    {
        var baseline = await WriteAsync("base.json", Clean());
        var current = await WriteAsync("cur.json", Clean());
        var junit = Path.Combine(_folder, "gate.xml");
        var markdown = Path.Combine(_folder, "gate.md");

        var (exit, output, _) = await CliProcess.RunAsync("gate", "--baseline", baseline, "--current", current, "--junit", junit, "--markdown", markdown);

        Assert.Equal(0, exit);
        Assert.EndsWith("gate: pass", output.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("pass         ws latency.p99: 8.75 ms → 8.75 ms (0%, tolerance +10%, p=", output, StringComparison.Ordinal);
        Assert.True(File.Exists(junit));
        Assert.Contains("## LoadLab gate: pass", await File.ReadAllTextAsync(markdown), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_files_per_side_are_pooled_as_repetitions()
    {
        var baselines = new[] { await WriteAsync("base-1.json", Clean()), await WriteAsync("base-2.json", Clean()), await WriteAsync("base-3.json", Clean()) };
        var currents = new[] { await WriteAsync("cur-1.json", Clean()), await WriteAsync("cur-2.json", Clean()), await WriteAsync("cur-3.json", Clean()) };

        var (exit, output, _) = await CliProcess.RunAsync(["gate", "--baseline", .. baselines, "--current", .. currents]);

        Assert.Equal(0, exit);
        // Three values a side make the single-valued figures testable: not 'untested' any more.
        Assert.Matches(@"pass +ws server\.memoryPerConnectionBytes: .* \(0%, tolerance \+10%, p=[0-9.e-]+\)", output);
    }

    [Fact]
    public async Task A_regression_exits_1_naming_the_metric()
    {
        var baseline = await WriteAsync("base.json", Clean());
        var worse = Clean() with { Runs = [.. Clean().Runs.Select(run => run with { Messages = run.Messages with { Lost = 7 } })] };
        var current = await WriteAsync("cur.json", worse);

        var (exit, output, _) = await CliProcess.RunAsync("gate", "--baseline", baseline, "--current", current);

        Assert.Equal(1, exit);
        Assert.Contains("REGRESSION   ws messages.lost: 0 messages → 7 messages", output, StringComparison.Ordinal);
        Assert.EndsWith("gate: REGRESSION", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_saturated_run_is_inconclusive_unless_allowed()
    {
        var baseline = await WriteAsync("base.json", Clean());
        var current = await WriteAsync("cur.json", SampleResults.Create() with { Runs = [.. Clean().Runs.Select(run => run with { Client = run.Client with { Saturated = true, SaturationReasons = ["cpu"] } })] });

        Assert.Equal(1, (await CliProcess.RunAsync("gate", "--baseline", baseline, "--current", current)).Exit);
        Assert.Equal(0, (await CliProcess.RunAsync("gate", "--baseline", baseline, "--current", current, "--allow-inconclusive")).Exit);
    }

    [Fact]
    public async Task Bad_input_exits_2_with_one_line()
    {
        var baseline = await WriteAsync("base.json", Clean());
        var future = Path.Combine(_folder, "future.json");
        await File.WriteAllTextAsync(future, "{\"schemaVersion\": 9}");

        var missing = await CliProcess.RunAsync("gate", "--baseline", baseline, "--current", Path.Combine(_folder, "none.json"));
        var unknown = await CliProcess.RunAsync("gate", "--baseline", baseline, "--current", future);

        Assert.Equal((2, $"loadlab gate: {Path.Combine(_folder, "none.json")}: no such file"), (missing.Exit, missing.Error.Trim()));
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("schemaVersion 9 is not supported", unknown.Error, StringComparison.Ordinal);
    }

    private static RunResult Clean()
    {
        var sample = SampleResults.Create();
        return sample with { Runs = [.. sample.Runs.Select(run => run with { Client = new ClientStats(1, 1, false, []), Messages = run.Messages with { Lost = 0 } })] };
    }

    private async Task<string> WriteAsync(string name, RunResult result)
    {
        var path = Path.Combine(_folder, name);
        await ResultsFile.WriteAtomicallyAsync(path, result, CancellationToken.None);
        return path;
    }
}
