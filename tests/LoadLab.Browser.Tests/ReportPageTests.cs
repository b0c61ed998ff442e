using LoadLab.Reports;
using LoadLab.Reports.Compare;
using LoadLab.Results;

namespace LoadLab.Browser.Tests;

/// <summary>The run report and the compare page, opened in real Chromium the way a person opens them: from a file.</summary>
[Collection(SharedChromium.Name)]
public sealed class ReportPageTests(Chromium chromium) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loadlab-pages-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_run_report_opens_without_errors_and_every_chart_is_visible_with_its_series_drawn()
    {
        var result = await ResultsFile.ReadAsync(Fixture("quick-base.json"), CancellationToken.None);
        var path = Write("report.html", output => HtmlReportWriter.Default.Write(result, output));

        await using var browser = await chromium.OpenAsync(new Uri(path).AbsoluteUri);

        await AssertChartsDrawnAsync(browser, expectedAtLeast: 5);
        Assert.Empty(browser.Errors);
        Assert.True(File.Exists(await browser.ScreenshotAsync("run-report")));
    }

    [Fact]
    public async Task The_compare_page_opens_without_errors_and_every_chart_is_visible_with_its_series_drawn()
    {
        ComparedFile[] files =
        [
            new("base", "quick-base.json", await ResultsFile.ReadAsync(Fixture("quick-base.json"), CancellationToken.None)),
            new("delayed", "quick-delayed.json", await ResultsFile.ReadAsync(Fixture("quick-delayed.json"), CancellationToken.None)),
        ];
        var path = Write("compare.html", output => CompareHtmlWriter.Write(Comparison.Of(files), output));

        await using var browser = await chromium.OpenAsync(new Uri(path).AbsoluteUri);

        await AssertChartsDrawnAsync(browser, expectedAtLeast: 4);
        Assert.Contains("delayed", await browser.Page.InnerTextAsync("body"), StringComparison.Ordinal);
        Assert.Empty(browser.Errors);
        Assert.True(File.Exists(await browser.ScreenshotAsync("compare-page")));
    }

    /// <summary>
    /// Every SVG is laid out with a non-zero size, and holds at least one polyline of more than two points:
    /// axes and grid lines have two, a drawn series has one per sample.
    /// </summary>
    internal static async Task AssertChartsDrawnAsync(BrowserPage browser, int expectedAtLeast)
    {
        var charts = await browser.Page.EvaluateAsync<ChartShape[]>(
            """
            () => [...document.querySelectorAll('svg')].map(svg => {
              const box = svg.getBoundingClientRect();
              const points = [...svg.querySelectorAll('polyline')].map(line => line.points.numberOfItems);
              return { id: svg.closest('figure')?.id ?? '', width: box.width, height: box.height, longestLine: Math.max(0, ...points) };
            })
            """);

        Assert.True(charts.Length >= expectedAtLeast, $"{charts.Length} charts, expected at least {expectedAtLeast}");
        Assert.All(charts, chart =>
        {
            Assert.True(chart.Width > 0 && chart.Height > 0, $"chart '{chart.Id}' is {chart.Width}×{chart.Height}");
            Assert.True(chart.LongestLine > 2, $"chart '{chart.Id}' has no series drawn");
        });
    }

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private string Write(string name, Action<TextWriter> write)
    {
        var path = Path.Combine(_folder, name);
        using (var output = new StreamWriter(path))
        {
            write(output);
        }

        return path;
    }

    /// <summary>What the page reports of one chart; Playwright fills it through its setters.</summary>
    internal sealed class ChartShape
    {
        public string Id { get; set; } = "";

        public double Width { get; set; }

        public double Height { get; set; }

        public int LongestLine { get; set; }
    }
}
