using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LoadLab.Results;

namespace LoadLab.Reports.Tests;

public sealed partial class HtmlReportWriterTests
{
    private static readonly string[] LineCharts = ["latency-percentiles", "delivered-per-second", "p99-over-time", "connections-over-time", "server-memory"];

    private static readonly string[] TimeCharts = ["delivered-per-second", "p99-over-time", "connections-over-time", "server-memory"];

    /// <summary>The colour of each transport, the same in every chart.</summary>
    private static readonly Dictionary<string, string> Colors = new(StringComparer.Ordinal)
    {
        ["ws"] = "rgb(31,119,180)",
        ["sse"] = "rgb(255,127,14)",
        ["longpoll"] = "rgb(44,160,44)",
    };

    internal static string Render(RunResult result)
    {
        using var output = new StringWriter();
        HtmlReportWriter.Default.Write(result, output);
        return output.ToString();
    }

    [Fact]
    public void Sample_report_is_written_for_a_person_to_open()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "artifacts", "sample-report.html");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        File.WriteAllText(path, Render(SampleResult.Create()));

        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_line_chart_is_an_inline_svg_with_a_drawn_line_per_transport_in_its_own_colour()
    {
        var html = Render(SampleResult.Create());

        foreach (var chart in LineCharts)
        {
            var svg = Figure(html, chart);
            Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
            foreach (var (transport, color) in Colors)
            {
                Assert.Contains($">{transport}</text>", svg, StringComparison.Ordinal);
                // A series line has many points; the legend's sample of the same colour has two.
                Assert.True(
                    Polylines().Matches(svg).Any(line => line.Groups["color"].Value == color && line.Groups["points"].Value.Split(' ').Length >= 3),
                    $"{chart}: no line drawn for {transport}");
            }
        }
    }

    [Fact]
    public void Failure_chart_has_bars_of_every_transport_and_a_table_of_reasons()
    {
        var html = Render(SampleResult.Create());

        var svg = Figure(html, "connection-failures");
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        foreach (var (transport, color) in Colors)
        {
            // The legend's swatch and at least one bar.
            Assert.True(Regex.Count(svg, $"fill:{Regex.Escape(color)}") >= 2, $"no bar for {transport}");
        }

        Assert.Contains("<tr><td>connection refused</td><td>0</td><td>0</td><td>4</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>http 503</td><td>2</td><td>1</td><td>0</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Percentile_axis_is_labelled_like_hdrhistogram_plots()
    {
        var svg = Figure(Render(SampleResult.Create()), "latency-percentiles");

        foreach (var label in new[] { "0%", "90%", "99%", "99.9%" })
        {
            Assert.Contains($">{label}</text>", svg, StringComparison.Ordinal);
        }

        Assert.Contains(">percentile</text>", svg, StringComparison.Ordinal);
        Assert.Contains(">latency (ms)</text>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Charts_over_time_have_seconds_on_the_x_axis_and_the_warm_up_shaded()
    {
        var html = Render(SampleResult.Create());

        foreach (var chart in TimeCharts)
        {
            var svg = Figure(html, chart);
            Assert.Contains(">time (s), warm-up shaded</text>", svg, StringComparison.Ordinal);
            Assert.Matches("<rect [^>]*style=\"fill:rgb\\(128,128,128\\);fill-opacity:", svg);
        }

        Assert.Contains(">RSS (MB)</text>", Figure(html, "server-memory"), StringComparison.Ordinal);
    }

    [Fact]
    public void Page_is_self_contained_with_no_script_and_no_url_at_all()
    {
        var html = Render(SampleResult.Create());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"url\((?!#)", html);
        Assert.DoesNotContain("<?xml", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<!DOCTYPE", RegexOptions.IgnoreCase));
    }

    [Fact]
    public void Ids_are_unique_in_the_page_so_each_chart_clips_to_its_own_plot_area()
    {
        var ids = Regex.Matches(Render(SampleResult.Create()), "\\bid=\"(?<id>[^\"]+)\"").Select(m => m.Groups["id"].Value).ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (var chart in LineCharts)
        {
            Assert.Contains(ids, id => id.StartsWith(chart + "-clip", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Best_value_of_each_row_is_marked_knowing_whether_lower_or_higher_is_better()
    {
        var html = Render(SampleResult.Create());

        Assert.Contains("<tr><td>delivered msg/s</td><td class=\"best\">49,900</td><td>49,849</td><td>49,500</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>connect time p99 (ms)</td><td>4.8</td><td>4.1</td><td class=\"best\">3.2</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>latency p99 (ms)</td><td class=\"best\">7.90</td><td>9.60</td><td>35.80</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>messages lost</td><td class=\"best\">0</td><td>12</td><td class=\"best\">0</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>client saturated</td><td class=\"best\">no</td><td>yes</td><td class=\"best\">no</td></tr>", html, StringComparison.Ordinal);
        // All equal: nothing to tell apart, nothing marked.
        Assert.Contains("<tr><td>messages duplicated</td><td>0</td><td>0</td><td>0</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_figures_show_na_and_are_never_best()
    {
        var html = Render(SampleResult.Create());

        Assert.Contains("<tr><td>server memory per connection (bytes)</td><td class=\"best\">24,576</td><td>28,914</td><td>n/a</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"text\">server.memoryPerConnectionBytes &lt; 65536</td><td>n/a</td><td class=\"fail\">FAIL</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_names_scenario_run_start_in_utc_and_status()
    {
        var html = Render(SampleResult.Create());

        Assert.Contains("<h1>quick</h1>", html, StringComparison.Ordinal);
        Assert.Contains("run 20261124-120000-quick · started 2026-11-24 12:00:00 UTC · status completed · transports ws, sse, longpoll", html, StringComparison.Ordinal);
        Assert.DoesNotContain("banner aborted", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Aborted_run_carries_a_banner_that_the_figures_are_partial()
    {
        var html = Render(SampleResult.Create() with { Status = RunStatus.Aborted });

        Assert.Contains("<div class=\"banner aborted\"><strong>Aborted run.</strong>", html, StringComparison.Ordinal);
        Assert.Contains("the figures below are partial", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Saturated_transport_carries_a_banner_with_its_reasons()
    {
        var html = Render(SampleResult.Create());

        Assert.Contains("<strong>sse: the load engine was saturated.</strong> These figures describe the harness, not the server.", html, StringComparison.Ordinal);
        Assert.Contains("<li>client CPU at 97% of its budget</li><li>the publisher fell behind its schedule by up to 80 ms</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ws: the load engine was saturated", html, StringComparison.Ordinal);
        Assert.DoesNotContain("longpoll: the load engine was saturated", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\"><img src=x onerror=alert(1)>")]
    public void Every_string_from_the_results_is_escaped(string hostile)
    {
        var html = Render(EveryStringIs(hostile));

        Assert.DoesNotContain(hostile, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(WebUtility.HtmlEncode(hostile), html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_is_the_same_under_every_culture()
    {
        var original = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            var pages = new[] { "en-US", "de-DE", "ru-RU" }.Select(name =>
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);
                using var markdown = new StringWriter();
                MarkdownReportWriter.Default.Write(SampleResult.Create(), markdown);
                return Render(SampleResult.Create()) + markdown;
            }).Distinct().ToList();

            Assert.Single(pages);
            Assert.Contains("49,900", pages[0], StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = original;
        }
    }

    [Fact]
    public void Run_without_failures_says_so_instead_of_an_empty_chart()
    {
        var sample = SampleResult.Create();
        var result = sample with { Runs = [.. sample.Runs.Select(run => run with { Connections = run.Connections with { Failed = 0, FailuresByReason = new Dictionary<string, int>() } })] };

        var html = Render(result);

        Assert.Contains("<p id=\"connection-failures\">No connection failed.</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<figure id=\"connection-failures\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Undecodable_histogram_is_a_results_error_naming_the_run_and_transport()
    {
        var sample = SampleResult.Create();
        var result = sample with { Runs = [sample.Runs[0] with { LatencyHistogram = sample.Runs[0].LatencyHistogram with { Data = "not base64!" } }] };

        var error = Assert.Throws<ResultsFormatException>(() => Render(result));

        Assert.StartsWith("run 20261124-120000-quick, ws:", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The sample with <paramref name="text"/> in every string field a results file carries.</summary>
    private static RunResult EveryStringIs(string text)
    {
        var sample = SampleResult.Create();
        return sample with
        {
            RunId = text,
            Scenario = text,
            Status = text,
            ResolvedScenario = new Dictionary<string, string> { [text] = text },
            Environment = new EnvironmentInfo(text, 8, text, text, text),
            Runs = [.. sample.Runs.Select(run => run with
            {
                Transport = text,
                Status = text,
                Connections = run.Connections with { FailuresByReason = new Dictionary<string, int> { [text] = 3 } },
                Client = run.Client with { Saturated = true, SaturationReasons = [text] },
                Thresholds = [new ThresholdResult(text, 1, false)],
            })],
        };
    }

    private static string Figure(string html, string id)
    {
        var match = Regex.Match(html, $"<figure id=\"{id}\">(?<content>.*?)</figure>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no figure '{id}'");
        return match.Groups["content"].Value;
    }

    [GeneratedRegex("<polyline points=\"(?<points>[^\"]*)\" style=\"[^\"]*stroke:(?<color>rgb\\(\\d+,\\d+,\\d+\\))")]
    private static partial Regex Polylines();
}
