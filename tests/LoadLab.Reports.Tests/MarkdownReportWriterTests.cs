using LoadLab.Results;

namespace LoadLab.Reports.Tests;

public sealed class MarkdownReportWriterTests
{
    private static string Render(RunResult result)
    {
        using var output = new StringWriter();
        MarkdownReportWriter.Default.Write(result, output);
        return output.ToString();
    }

    [Fact]
    public void Summary_matches_the_golden_file()
    {
        var golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "summary.md")).ReplaceLineEndings("\n");

        Assert.Equal(golden, Render(SampleResult.Create()));
    }

    [Fact]
    public void Pipes_and_line_breaks_from_the_results_cannot_break_the_table()
    {
        var sample = SampleResult.Create();
        var result = sample with { Runs = [sample.Runs[0] with { Thresholds = [new ThresholdResult("a | b\nc", 7.9, true)] }] };

        Assert.Contains("| ws | a \\| b c | 7.9 | pass |\n", Render(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Aborted_run_says_the_figures_are_partial()
    {
        Assert.Contains("**Aborted run: the figures are partial.**", Render(SampleResult.Create() with { Status = RunStatus.Aborted }), StringComparison.Ordinal);
    }
}
