using System.Text.RegularExpressions;
using LoadLab.Reports.Capacity;
using LoadLab.Results;
using LoadLab.Results.Tests;

namespace LoadLab.Reports.Tests.Capacity;

public sealed class CapacityWriterTests
{
    private static CapacityStep Step(double rate, double deliveredPerSec, double p99, params string[] failures)
    {
        var run = SampleResults.Create().Runs[0];
        return new CapacityStep(rate, run with
        {
            Throughput = run.Throughput with { DeliveredPerSec = deliveredPerSec },
            LatencyMs = run.LatencyMs with { P99 = p99 },
        }, failures);
    }

    private static CapacityReport Report() => new("capacity", "20261125-cap", [
        ("ws", [Step(10, 20_000, 5), Step(50, 100_000, 9), Step(100, 180_000, 450, "latency.p99 < 200ms broken (actual 450)")]),
        ("sse", [Step(10, 20_000, 300, "latency.p99 < 200ms broken (actual 300)")]),
    ]);

    [Fact]
    public void The_knee_is_the_last_sustained_step_before_the_first_failure()
    {
        var ws = Report().Transports[0].Steps;

        Assert.Equal(50, CapacityReport.Knee(ws)!.Rate);
        Assert.False(CapacityReport.Open(ws));
        Assert.Null(CapacityReport.Knee(Report().Transports[1].Steps));
        Assert.True(CapacityReport.Open([Step(10, 1, 1), Step(20, 2, 1)]));
    }

    [Fact]
    public void Markdown_names_the_highest_sustainable_throughput_and_why_the_next_step_failed()
    {
        using var output = new StringWriter();
        CapacityWriter.WriteMarkdown(Report(), output);
        var markdown = output.ToString();

        Assert.Contains("**ws: 100,000 delivered msg/s at 50 msg/s (p99 9.00 ms)**", markdown, StringComparison.Ordinal);
        Assert.Contains("| **50** | **100,000** |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 100 | 180,000 | 2.50 | 450.00 | 1 | 7.50 | latency.p99 < 200ms broken (actual 450) |", markdown, StringComparison.Ordinal);
        Assert.Contains("**sse: not sustained even at 10 msg/s: latency.p99 < 200ms broken (actual 300)**", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_has_the_knees_every_step_and_the_curve()
    {
        using var output = new StringWriter();
        CapacityWriter.WriteHtml(Report(), output);
        var html = output.ToString();

        Assert.Contains("<table id=\"knees\">", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "<table class=\"steps\">"));
        Assert.Single(Regex.Matches(html, "<tr class=\"knee\">"));
        Assert.Matches("<figure id=\"capacity-curve\"><svg .*ws knee.*</svg></figure>", html.ReplaceLineEndings(" "));
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }
}
