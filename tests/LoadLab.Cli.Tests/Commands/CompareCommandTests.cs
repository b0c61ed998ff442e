using LoadLab.Results;
using LoadLab.Results.Tests;

namespace LoadLab.Cli.Tests.Commands;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loadlab-compare-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Two_files_give_markdown_on_the_terminal_and_a_page()
    {
        var monday = await WriteAsync("monday", SampleResults.Create());
        var today = await WriteAsync("today", SampleResults.Create() with { ResolvedScenario = new Dictionary<string, string>(SampleResults.Create().ResolvedScenario) { ["publisher.rate"] = "100" } });
        var page = Path.Combine(_folder, "out", "compare.html");
        var markdown = Path.Combine(_folder, "compare.md");

        var (exit, output, error) = await CliProcess.RunAsync("compare", monday, today, "--out", page, "--markdown", markdown);

        Assert.Equal((0, ""), (exit, error));
        Assert.StartsWith("## LoadLab compare: monday · ws vs monday · sse vs monday · longpoll vs today · ws", output, StringComparison.Ordinal);
        Assert.Contains("| publisher.rate | 50 | 50 | 50 | 100 | 100 | 100 |", output, StringComparison.Ordinal);
        Assert.EndsWith($"compare page: {page}", output.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("<table id=\"section-latency\">", await File.ReadAllTextAsync(page), StringComparison.Ordinal);
        Assert.Equal(output[..output.IndexOf("\ncompare page:", StringComparison.Ordinal)], await File.ReadAllTextAsync(markdown));
    }

    [Fact]
    public async Task Names_name_the_columns()
    {
        var a = await WriteAsync("a", SampleResults.Create());
        var b = await WriteAsync("b", SampleResults.Create());

        var (exit, output, _) = await CliProcess.RunAsync("compare", a, b, "--names", "base,candidate", "--out", Path.Combine(_folder, "c.html"));

        Assert.Equal(0, exit);
        Assert.StartsWith("## LoadLab compare: base · ws vs base · sse vs base · longpoll vs candidate · ws", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reference_transport_compares_each_column_with_the_first_of_its_transport()
    {
        var a = await WriteAsync("a", SampleResults.Create());
        var b = await WriteAsync("b", SampleResults.Create());

        var (exit, output, _) = await CliProcess.RunAsync("compare", a, b, "--reference", "transport", "--out", Path.Combine(_folder, "c.html"));
        var wrong = await CliProcess.RunAsync("compare", a, b, "--reference", "second");

        Assert.Equal(0, exit);
        Assert.Contains("Changes: each compared with the first column of its transport;", output, StringComparison.Ordinal);
        // b's sse is compared with a's sse: the same figures, so no change.
        Assert.Contains("| latency p50 (ms) | 2.50 | 5.00 | 7.50 | 2.50 (±0% · noise, p=", output, StringComparison.Ordinal);
        Assert.Equal(2, wrong.Exit);
    }

    [Fact]
    public async Task Transports_pick_the_columns()
    {
        var monday = await WriteAsync("monday", SampleResults.Create());
        var today = await WriteAsync("today", SampleResults.Create());

        var (exit, output, _) = await CliProcess.RunAsync("compare", monday, today, "--transports", "sse", "--out", Path.Combine(_folder, "c.html"));

        Assert.Equal(0, exit);
        Assert.StartsWith("## LoadLab compare: monday · sse vs today · sse\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transports_that_no_file_has_are_named_with_the_ones_there_are()
    {
        var monday = await WriteAsync("monday", SampleResults.Create());
        var page = Path.Combine(_folder, "never.html");

        var (exit, _, error) = await CliProcess.RunAsync("compare", monday, monday, "--transports", "bogus", "--out", page);

        Assert.Equal(2, exit);
        Assert.Equal($"loadlab compare: --transports bogus: no file has a run of these; they have {string.Join(", ", SampleResults.Create().Runs.Select(run => run.Transport).Distinct().Order(StringComparer.Ordinal))}", error.Trim());
        Assert.False(File.Exists(page));
    }

    [Fact]
    public async Task Bad_input_exits_2_with_one_line_and_writes_no_page()
    {
        var a = await WriteAsync("a", SampleResults.Create());
        var page = Path.Combine(_folder, "never.html");

        var missing = await CliProcess.RunAsync("compare", a, Path.Combine(_folder, "none.json"), "--out", page);
        var names = await CliProcess.RunAsync("compare", a, a, "--names", "only-one", "--out", page);
        var none = await CliProcess.RunAsync("compare");

        Assert.Equal((2, $"loadlab compare: {Path.Combine(_folder, "none.json")}: no such file"), (missing.Exit, missing.Error.Trim()));
        Assert.Equal(2, names.Exit);
        Assert.Contains("--names needs 2 distinct, non-empty names", names.Error, StringComparison.Ordinal);
        Assert.Equal(2, none.Exit);
        Assert.False(File.Exists(page));
    }

    private async Task<string> WriteAsync(string run, RunResult result)
    {
        var path = Path.Combine(_folder, run, ResultsFile.FileName);
        await ResultsFile.WriteAtomicallyAsync(path, result, CancellationToken.None);
        return path;
    }
}
