using LoadLab.Results.Tests;

namespace LoadLab.Reports.Tests;

public sealed class MarkdownReportWriterTests
{
    [Fact]
    public void Summary_matches_the_golden_file()
    {
        using var output = new StringWriter();
        MarkdownReportWriter.Default.Write(SampleResults.Create(), output);

        var golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "summary.md"));
        Assert.Equal(golden, output.ToString());
    }

    [Fact]
    public void Pipes_and_line_breaks_from_the_results_cannot_break_the_table()
    {
        using var output = new StringWriter();
        MarkdownReportWriter.Default.Write(SampleResults.Create(threshold: "a | b\nc"), output);

        Assert.Contains("| ws | a \\| b c | 8.75 | pass |", output.ToString(), StringComparison.Ordinal);
    }
}
