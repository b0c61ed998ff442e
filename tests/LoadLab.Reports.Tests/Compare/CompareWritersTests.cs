using System.Net;
using System.Text.RegularExpressions;
using LoadLab.Reports.Compare;
using LoadLab.Results.Tests;

namespace LoadLab.Reports.Tests.Compare;

public sealed partial class CompareWritersTests
{
    private static readonly string[] Sections = ["section-latency", "section-throughput", "section-messages", "section-connections", "section-server", "section-load-engine"];

    private static readonly string[] Charts = ["latency-percentiles", "delivered-per-second", "p99-over-time", "connections-over-time", "server-memory"];

    private static Comparison BaseAgainstDelayed() => Comparison.Of([Fixtures.File("base", "quick-base.json"), Fixtures.File("delayed", "quick-delayed.json")]);

    [Fact]
    public void The_page_has_every_table_and_chart_and_is_written_for_a_person_to_open()
    {
        var html = Html(BaseAgainstDelayed());
        var path = Path.Combine(AppContext.BaseDirectory, "artifacts", "sample-compare.html");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, html);

        foreach (var section in Sections)
        {
            Assert.Contains($"<table id=\"{section}\">", html, StringComparison.Ordinal);
        }

        foreach (var chart in Charts)
        {
            var figure = Regex.Match(html, $"<figure id=\"{chart}\"><svg .*?</svg>", RegexOptions.Singleline);
            Assert.True(figure.Success, chart);
            // One line per column: six polylines, or more when a line is broken where a second had no value.
            Assert.True(Regex.Count(figure.Value, "<polyline") >= 6, chart);
        }

        Assert.Contains("Not the same experiment:</strong> transport differs between", html, StringComparison.Ordinal);
        Assert.Contains("<th>base &#183; ws <span class=\"change\">reference</span></th>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_marks_the_deliberate_regression_worse()
    {
        var html = Html(BaseAgainstDelayed());
        var latency = Regex.Match(html, "<table id=\"section-latency\">.*?</table>", RegexOptions.Singleline).Value;
        var p50 = Regex.Match(latency, "<tr><td>latency p50 \\(ms\\)</td>.*?</tr>").Value;

        var cells = Regex.Matches(p50, "<td>(.*?)</td>").Select(match => WebUtility.HtmlDecode(match.Groups[1].Value)).ToList();

        Assert.Equal(7, cells.Count);
        Assert.Matches("^[0-9.]+$", cells[1]);
        Assert.Matches("<span class=\"change worse\">\\+\\d+\\.\\d% · p=[<0-9.]+ · worse</span>", cells[4]);
    }

    [Fact]
    public void The_page_is_self_contained()
    {
        var html = Html(BaseAgainstDelayed());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(src|href)=", html);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_paths_and_settings_from_files_are_escaped()
    {
        const string Hostile = "<script>alert(1)</script>\"><img onerror=alert(2)>";
        var sample = SampleResults.Create(name: Hostile);
        var other = sample with { ResolvedScenario = new Dictionary<string, string>(sample.ResolvedScenario) { [Hostile] = Hostile } };

        var html = Html(Comparison.Of([new(Hostile, Hostile, sample), new("b", "b.json", other)]));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_has_the_differences_and_a_table_per_section()
    {
        using var output = new StringWriter();
        CompareMarkdownWriter.Write(BaseAgainstDelayed(), output);
        var markdown = output.ToString();

        Assert.StartsWith("## LoadLab compare: base · ws vs base · sse vs base · longpoll vs delayed · ws", markdown, StringComparison.Ordinal);
        Assert.Contains("**Not the same experiment:** transport differs between the columns.", markdown, StringComparison.Ordinal);
        foreach (var section in new[] { "Latency", "Throughput", "Messages", "Connections", "Server", "Load engine" })
        {
            Assert.Contains($"### {section}\n\n| figure | base · ws | base · sse | base · longpoll | delayed · ws | delayed · sse | delayed · longpoll |\n|---|---:|---:|---:|---:|---:|---:|\n", markdown, StringComparison.Ordinal);
        }

        Assert.Matches(@"\| latency p50 \(ms\) \| [0-9.]+ \| .* \| \*\*[0-9.]+ \(\+\d+\.\d% · p=[<0-9.]+ · worse\)\*\* \|", markdown);
    }

    private static string Html(Comparison comparison)
    {
        using var output = new StringWriter();
        CompareHtmlWriter.Write(comparison, output);
        return output.ToString();
    }
}
