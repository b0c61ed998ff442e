using LoadLab.Reports;
using LoadLab.Reports.Compare;
using LoadLab.Results;

namespace LoadLab.Browser.Tests;

/// <summary>
/// Every string a report shows that comes from a scenario, a results file or a server is made hostile, and the
/// pages are opened in Chromium: markup must show as text and no injected script may run.
/// </summary>
[Collection(SharedChromium.Name)]
public sealed class HostileReportTests(Chromium chromium) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loadlab-hostile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Script_in_any_field_of_a_results_file_never_runs_in_the_run_report()
    {
        var result = Hostile(await ResultsFile.ReadAsync(Fixture("quick-base.json"), CancellationToken.None));

        await using var browser = await OpenAsync("report.html", output => HtmlReportWriter.Default.Write(result, output));

        await AssertNothingRanAsync(browser);
        await browser.ScreenshotAsync("hostile-run-report");
    }

    [Fact]
    public async Task Script_in_any_field_or_in_the_file_names_never_runs_in_the_compare_page()
    {
        var result = Hostile(await ResultsFile.ReadAsync(Fixture("quick-base.json"), CancellationToken.None));
        ComparedFile[] files =
        [
            new(Payload("file name"), Payload("file path"), result),
            new(Payload("second file name"), "quick-delayed.json", await ResultsFile.ReadAsync(Fixture("quick-delayed.json"), CancellationToken.None)),
        ];

        await using var browser = await OpenAsync("compare.html", output => CompareHtmlWriter.Write(Comparison.Of(files), output));

        await AssertNothingRanAsync(browser);
    }

    /// <summary>Markup that runs if a page inserts it unescaped, in an element, an attribute or a script.</summary>
    private static string Payload(string field) =>
        $"<script>window.__xss='{field}'</script>\"'><img src=x onerror=\"window.__xss='{field}'\"></style></title>";

    private static RunResult Hostile(RunResult result) => result with
    {
        RunId = Payload("runId"),
        Scenario = Payload("scenario"),
        Status = Payload("status"),
        ResolvedScenario = result.ResolvedScenario.ToDictionary(pair => Payload("setting " + pair.Key), pair => Payload("value of " + pair.Key)),
        Environment = new EnvironmentInfo(Payload("os"), result.Environment.CpuCount, Payload("dotnet"), Payload("machine"), Payload("commit")),
        Runs = [.. result.Runs.Select(run => run with
        {
            Transport = Payload("transport " + run.Transport),
            Status = Payload("run status"),
            Connections = run.Connections with { FailuresByReason = new Dictionary<string, int> { [Payload("failure reason")] = 3 } },
            Thresholds = [.. run.Thresholds.Select(threshold => threshold with { Text = Payload("threshold") })],
        })],
    };

    private static async Task AssertNothingRanAsync(BrowserPage browser)
    {
        Assert.Equal("undefined", await browser.Page.EvaluateAsync<string>("typeof window.__xss"));
        Assert.Equal(0, await browser.Page.EvaluateAsync<int>("document.querySelectorAll('img[src=x], body script').length"));
        Assert.Contains("<script>window.__xss='scenario'</script>", await browser.Page.InnerTextAsync("body"), StringComparison.Ordinal);
        Assert.Empty(browser.Errors);
    }

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private async Task<BrowserPage> OpenAsync(string name, Action<TextWriter> write)
    {
        var path = Path.Combine(_folder, name);
        using (var output = new StreamWriter(path))
        {
            write(output);
        }

        return await chromium.OpenAsync(new Uri(path).AbsoluteUri);
    }
}
