using System.Globalization;
using System.Text.RegularExpressions;
using LoadLab.Results;
using LoadLab.Results.Tests;

namespace LoadLab.Reports.Tests;

public sealed partial class HtmlReportWriterTests
{
    private static readonly string[] Charts = ["latency-percentiles", "delivered-per-second", "p99-over-time", "connections-over-time", "server-memory", "connection-failures"];

    private static string Render(RunResult result)
    {
        using var output = new StringWriter();
        HtmlReportWriter.Default.Write(result, output);
        var html = output.ToString();
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        File.WriteAllText(Path.Combine(artifacts, $"{result.Scenario.GetHashCode(StringComparison.Ordinal):X8}-report.html"), html);
        return html;
    }

    [Fact]
    public void Every_chart_is_an_inline_svg_with_a_line_per_transport()
    {
        var html = Render(SampleResults.Create());

        foreach (var chart in Charts)
        {
            var figure = Figure(html, chart);
            Assert.StartsWith("<svg", figure, StringComparison.Ordinal);
            foreach (var transport in new[] { "ws", "sse", "longpoll" })
            {
                Assert.Contains($">{transport}</text>", figure, StringComparison.Ordinal);
            }
        }

        Assert.True(Regex.Count(Figure(html, "latency-percentiles"), "<polyline") >= 3);
    }

    [Fact]
    public void Page_is_self_contained_with_no_script_and_no_external_reference()
    {
        var html = Render(SampleResults.Create());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"url\((?!#)", html);
        Assert.DoesNotContain("<?xml", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Best_value_of_each_row_is_marked_and_unknown_figures_show_na()
    {
        var html = Render(SampleResults.Create());

        Assert.Contains("<td>latency p50 (ms)</td><td class=\"best\">2.50</td><td>5.00</td><td>7.50</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>delivered msg/s</td><td class=\"best\">14,900</td><td>14,800</td><td>14,700</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>server memory per connection (bytes)</td><td class=\"best\">4,096</td><td>8,193</td><td>n/a</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>messages duplicated</td><td>0</td><td>0</td><td>0</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Saturated_and_aborted_runs_carry_a_banner()
    {
        var html = Render(SampleResults.Create() with { Status = RunStatus.Aborted });

        Assert.Contains("Aborted run.", html, StringComparison.Ordinal);
        Assert.Contains("sse: the load engine was saturated.", html, StringComparison.Ordinal);
        Assert.Contains("the publisher fell behind its schedule by up to 80 ms", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ws: the load engine was saturated.", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\"><img src=x onerror=alert(1)>")]
    public void Every_string_from_the_results_is_escaped(string hostile)
    {
        var sample = SampleResults.Create(name: hostile, reason: hostile, threshold: hostile);
        var result = sample with
        {
            RunId = hostile,
            ResolvedScenario = new Dictionary<string, string> { [hostile] = hostile },
            Environment = new EnvironmentInfo(hostile, 2, hostile, hostile, hostile),
            Runs = [.. sample.Runs.Select(run => run with { Client = run.Client with { Saturated = true, SaturationReasons = [hostile] } })],
        };

        var html = Render(result);

        Assert.DoesNotContain(hostile, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(hostile), html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_is_the_same_under_every_culture()
    {
        var original = CultureInfo.CurrentCulture;
        try
        {
            var pages = new[] { "en-US", "de-DE", "ru-RU" }.Select(name =>
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);
                return Render(SampleResults.Create());
            }).Distinct().ToList();

            Assert.Single(pages);
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = original;
        }
    }

    [Fact]
    public void Run_without_failures_says_so_instead_of_an_empty_chart()
    {
        var sample = SampleResults.Create();
        var result = sample with { Runs = [.. sample.Runs.Select(run => run with { Connections = run.Connections with { Failed = 0, FailuresByReason = new Dictionary<string, int>() } })] };

        Assert.Contains("<p id=\"connection-failures\">No connection failed.</p>", Render(result), StringComparison.Ordinal);
    }

    private static string Figure(string html, string id)
    {
        var match = Regex.Match(html, $"<figure id=\"{id}\">(?<content>.*?)</figure>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no figure '{id}'");
        return match.Groups["content"].Value;
    }
}
