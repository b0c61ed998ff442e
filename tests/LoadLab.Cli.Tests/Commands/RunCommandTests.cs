using System.Text.Json;

namespace LoadLab.Cli.Tests.Commands;

/// <summary><c>loadlab run</c> as a user runs it: the real program, the reference server in its own process.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task Short_run_writes_results_and_report_and_exits_0_when_thresholds_pass()
    {
        var folder = Directory.CreateTempSubdirectory("loadlab-run-").FullName;
        try
        {
            using var cli = CliProcess.Start(
                "run", Scenario("quick.yaml"), "--out", folder,
                "--set", "stages[0].rampTo=30", "--set", "stages[0].over=1s", "--set", "stages[1].hold=3s",
                "--set", "stages[2].over=500ms", "--set", "warmup=0s", "--set", "transports=ws,sse,longpoll");
            var output = await cli.Output.ReadToEndAsync().WaitAsync(CliProcess.Patience);

            Assert.Equal(0, await cli.WaitForExitAsync());
            Assert.EndsWith($"report:  {Path.Combine(folder, "report.html")}", output.TrimEnd(), StringComparison.Ordinal);
            using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "results.json")));
            Assert.Equal("completed", results.RootElement.GetProperty("status").GetString());
            var runs = results.RootElement.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(["ws", "sse", "longpoll"], runs.Select(r => r.GetProperty("transport").GetString()));
            Assert.All(runs, run => Assert.Equal(0, run.GetProperty("messages").GetProperty("lost").GetInt64()));
            Assert.All(runs, run => Assert.True(run.GetProperty("server").GetProperty("rssBytesIdle").GetInt64() > 0));
            Assert.Contains("<figure id=\"latency-percentiles\"><svg", await File.ReadAllTextAsync(Path.Combine(folder, "report.html")), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(folder, "summary.md")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Repeated_run_stores_every_repetition_in_one_results_file()
    {
        var folder = Directory.CreateTempSubdirectory("loadlab-run-").FullName;
        try
        {
            using var cli = CliProcess.Start(
                "run", Scenario("quick.yaml"), "--out", folder, "--repeat", "2", "--set", "transports=ws,sse",
                "--set", "stages[0].rampTo=10", "--set", "stages[0].over=500ms", "--set", "stages[1].hold=2s", "--set", "warmup=0s");
            await cli.Output.ReadToEndAsync().WaitAsync(CliProcess.Patience);

            Assert.Equal(0, await cli.WaitForExitAsync());
            using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "results.json")));
            Assert.Equal("completed", results.RootElement.GetProperty("status").GetString());
            var runs = results.RootElement.GetProperty("runs").EnumerateArray()
                .Select(run => (run.GetProperty("transport").GetString(), run.GetProperty("repetition").GetInt32())).ToList();
            Assert.Equal([("ws", 1), ("sse", 1), ("ws", 2), ("sse", 2)], runs);
            Assert.Contains("<th>ws #2", await File.ReadAllTextAsync(Path.Combine(folder, "report.html")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Failed_threshold_exits_1()
    {
        var folder = Directory.CreateTempSubdirectory("loadlab-run-").FullName;
        try
        {
            using var cli = CliProcess.Start(
                "run", Scenario("quick.yaml"), "--out", folder, "--set", "transports=sse",
                "--set", "stages[0].rampTo=5", "--set", "stages[1].hold=2s", "--set", "warmup=0s",
                "--set", "thresholds=latency.p99 < 0.001ms");
            var output = await cli.Output.ReadToEndAsync().WaitAsync(CliProcess.Patience);

            Assert.Equal(1, await cli.WaitForExitAsync());
            Assert.Contains("threshold failed sse: latency.p99 < 0.001ms", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--set publisher.rate=-5", "--set: publisher.rate: must be greater than 0")]
    [InlineData("--set stages[0].rampTo=zero", "--set: stages[0].rampTo: must be a whole number, got 'zero'")]
    [InlineData("--target http://127.0.0.1:1", "cannot reach target http://127.0.0.1:1/: refused")]
    [InlineData("--target notaurl", "--target: must be an absolute http:// or https:// URL, got 'notaurl'")]
    public async Task Bad_input_exits_2_with_one_clear_line(string options, string message)
    {
        using var cli = CliProcess.Start(["run", Scenario("quick.yaml"), .. options.Split(' ')]);
        var error = await cli.Error.ReadToEndAsync().WaitAsync(CliProcess.Patience);

        Assert.Equal(2, await cli.WaitForExitAsync());
        Assert.StartsWith($"loadlab run: {message}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_with_an_unknown_field_names_file_line_and_field()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("loadlab-scenario-").FullName, "typo.yaml");
        await File.WriteAllTextAsync(file, "name: typo\ntransports: [ws]\nstages:\n  - rampTo: 5\n    ovr: 1s\n");

        using var cli = CliProcess.Start("run", file);
        var error = await cli.Error.ReadToEndAsync().WaitAsync(CliProcess.Patience);

        Assert.Equal(2, await cli.WaitForExitAsync());
        Assert.StartsWith($"loadlab run: {file}:5:5: stages[0].ovr: unknown field 'ovr' (did you mean 'over'?)", error, StringComparison.Ordinal);
    }

    internal static string Scenario(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "scenarios", name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException(name);
    }
}
