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

        await AssertNothingRanAsync(browser, RunReportFields);
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

        await AssertNothingRanAsync(browser, ComparePageFields);
        await browser.ScreenshotAsync("hostile-compare-page");
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
        Shard = new ShardInfo(1, 2, Payload("shard publishing")),
        Clock = new ClockOffset(1.5, 0.5, 1, 8, Payload("clock source")),
        MergedShards = [new MergedShard(1, Payload("shard runId"), Payload("shard machine"), new ClockOffset(1.5, 0.5, 1, 8, Payload("shard clock source")), 0.5, 1)],
        Runs = [.. result.Runs.Select(run => run with
        {
            Transport = Payload("transport " + run.Transport),
            Status = Payload("run status"),
            Connections = run.Connections with
            {
                // A refused handshake's reason carries the server's Location header (ConnectFailure.Http).
                FailuresByReason = new Dictionary<string, int> { [Payload("failure reason")] = 3, ["http 302 → " + Payload("Location header")] = 2 },
            },
            Thresholds = [.. run.Thresholds.Select(threshold => threshold with { Text = Payload("threshold") })],
            Client = run.Client with { Saturated = true, SaturationReasons = [Payload("saturation reason")] },
            Faults =
            [
                new FaultEvent("drop", 2, 2.5, Payload("fault detail")) { ConnectionsDropped = 3 },
                new FaultEvent("restart", 3, 4, Payload("failed fault detail")) { Error = Payload("fault error") },
            ],
        })],
    };

    /// <summary>The fields each page shows; every one must be found on it as text, so that none is left out of the test unnoticed.</summary>
    private static readonly string[] RunReportFields =
    [
        "runId", "scenario", "status", "os", "dotnet", "machine", "commit", "shard publishing", "clock source", "shard machine", "shard clock source",
        "transport ws", "failure reason", "Location header", "threshold", "saturation reason", "fault detail", "failed fault detail", "fault error",
        "setting description", "value of description",
    ];

    private static readonly string[] ComparePageFields =
    [
        "file name", "file path", "second file name", "runId", "scenario", "status", "transport ws", "saturation reason", "machine",
        "setting description", "value of description",
    ];

    private static async Task AssertNothingRanAsync(BrowserPage browser, string[] fields)
    {
        Assert.Equal("undefined", await browser.Page.EvaluateAsync<string>("typeof window.__xss"));
        Assert.Equal(0, await browser.Page.EvaluateAsync<int>("document.querySelectorAll('img[src=x], body script').length"));
        var text = await browser.Page.InnerTextAsync("body");
        Assert.All(fields, field => Assert.Contains($"<script>window.__xss='{field}'</script>", text, StringComparison.Ordinal));
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
