using System.Globalization;
using HdrHistogram;
using LoadLab.Reports.Targets;
using LoadLab.Results;

namespace LoadLab.Reports.Tests.Targets;

/// <summary>A sitting written to disk as <c>bench/scale-sitting.sh</c> lays it out, read back and tabulated.</summary>
public sealed class ScaleTargetsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loadlab-sitting-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_ratio_is_held_against_the_floor_run_of_its_own_round()
    {
        // Round 2's machine is slower: its ws run (170 ms) is 1.13× its own floor (150 ms), though 1.7× round 1's.
        await WriteRoundAsync(1, floorP99Ms: 100, ws: Run("ws") with { LatencyMs = P99(110) }, sse: Run("sse") with { LatencyMs = P99(130) });
        await WriteRoundAsync(2, floorP99Ms: 150, ws: Run("ws") with { LatencyMs = P99(170) }, sse: Run("sse") with { LatencyMs = P99(200) });

        var p99 = Row(await EvaluateAsync(), "p99 latency");

        Assert.Equal(new TargetVerdict(2, 4), p99.Verdict);
        Assert.Equal("at the line (2 of 4 runs)", p99.Verdict.Text);
        Assert.Equal("ws 1.12×, sse 1.32×", p99.Ratio);
        Assert.Equal("ws 140.0 (110.0–170.0) ms; sse 165.0 (130.0–200.0) ms", p99.LoadLab);
        Assert.Equal("125.0 (100.0–150.0) ms", p99.Floor);
    }

    [Fact]
    public async Task The_million_is_sustained_only_with_nothing_lost_and_p99_under_200_ms()
    {
        var million = Run("ws") with
        {
            Throughput = new ThroughputStats(1_000_120, 128_015_360),
            LatencyMs = P99(150),
            Client = new ClientStats(22, 90_000_000, false, [], 0.71, 2_300, MessagesPerRead: 13.3),
        };
        await WriteRoundAsync(1, floorP99Ms: 100, ws: Run("ws"), sse: Run("sse"), million: [million, million with { Transport = "sse", LatencyMs = P99(250) }]);
        await WriteRoundAsync(2, floorP99Ms: 100, ws: Run("ws"), sse: Run("sse"), million: [million with { Messages = Messages(lost: 3) }, million with { Transport = "sse" }]);

        var row = Row(await EvaluateAsync(), "highest sustained");

        Assert.Equal(new TargetVerdict(2, 4), row.Verdict);
        Assert.StartsWith("ws 1,000,120 (1,000,120–1,000,120) msg/s, p99 150.0 (150.0–150.0) ms, 3 lost; sse", row.LoadLab, StringComparison.Ordinal);
        Assert.StartsWith("ws 0.71 (0.71–0.71) µs at 13.3 (13.3–13.3) messages per read; sse", Row(await EvaluateAsync(), "many frames per read").LoadLab, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_row_says_what_a_round_did_not_measure_instead_of_failing()
    {
        await WriteRoundAsync(1, floorP99Ms: null, ws: Run("ws"), sse: Run("sse"));

        var rows = await EvaluateAsync();

        Assert.Equal(9, rows.Count);
        Assert.Equal("not measured", Row(rows, "connections held").Verdict.Text);
        Assert.Equal("—", Row(rows, "p99 latency").Floor);
        Assert.Equal(new TargetVerdict(0, 0), Row(rows, "p99 latency").Verdict);
        Assert.Equal(new TargetVerdict(2, 2), Row(rows, "server memory").Verdict);
    }

    [Fact]
    public async Task A_folder_without_rounds_is_refused_naming_it()
    {
        var error = await Assert.ThrowsAsync<ResultsFormatException>(() => Sitting.ReadAsync(_folder, CancellationToken.None));

        Assert.StartsWith($"{_folder}: no round-N folders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_table_has_a_line_per_target_and_names_the_commit()
    {
        await WriteRoundAsync(1, floorP99Ms: 100, ws: Run("ws"), sse: Run("sse"));

        var table = TargetsMarkdownWriter.Write(await Sitting.ReadAsync(_folder, CancellationToken.None));

        Assert.Contains("1 round, 2026-12-06 19:00–19:00 UTC, commit 0123456", table, StringComparison.Ordinal);
        Assert.Equal(9, table.Split('\n').Count(line => line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("| target", StringComparison.Ordinal)));
    }

    private static TargetRow Row(IReadOnlyList<TargetRow> rows, string what) => rows.Single(row => row.What.Contains(what, StringComparison.Ordinal));

    private async Task<IReadOnlyList<TargetRow>> EvaluateAsync() => ScaleTargets.Evaluate(await Sitting.ReadAsync(_folder, CancellationToken.None));

    private async Task WriteRoundAsync(int round, double? floorP99Ms, TransportRunResult ws, TransportRunResult sse, TransportRunResult[]? million = null)
    {
        var folder = Path.Combine(_folder, $"round-{round}");
        await WriteAsync(Path.Combine(folder, "broadcast", Sitting.LoadLab), ws, sse);
        if (million is not null)
        {
            await WriteAsync(Path.Combine(folder, "million", Sitting.LoadLab), million);
        }

        if (floorP99Ms is { } p99)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "floor-broadcast.log"), string.Create(
                CultureInfo.InvariantCulture,
                $"RESULT_SERVER N=10000 cpu_us_per_delivery=8.0 rss_B_per_conn=60\nRESULT_CLIENT N=10000 connect_s=0.27 cpu_us_per_recv=7.5 msgs_per_read=0.98 lat_us_p99={p99 * 1_000}\n"));
        }
    }

    private static async Task WriteAsync(string folder, params TransportRunResult[] runs)
    {
        Directory.CreateDirectory(folder);
        var result = new RunResult
        {
            RunId = "20261206-190000-broadcast-10k",
            Scenario = "broadcast-10k",
            ResolvedScenario = new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = "broadcast-10k" },
            StartedAt = new DateTimeOffset(2026, 12, 6, 19, 0, 0, TimeSpan.Zero),
            Status = RunStatus.Completed,
            Environment = new EnvironmentInfo("Debian 12", 2, ".NET 10.0.12", "box", "0123456789abcdef0123456789abcdef01234567"),
            Runs = runs,
        };
        await ResultsFile.WriteAtomicallyAsync(Path.Combine(folder, ResultsFile.FileName), result, CancellationToken.None);
    }

    private static LatencyStats P99(double milliseconds) => new(milliseconds / 2, milliseconds * 0.8, milliseconds, milliseconds * 1.1, milliseconds * 1.2, milliseconds / 2);

    private static MessageStats Messages(long lost) => new(1_500, 15_000_000, 15_000_000 - lost, lost, 0, 0);

    private static TransportRunResult Run(string transport) => new()
    {
        Transport = transport,
        Status = RunStatus.Completed,
        StartedAt = new DateTimeOffset(2026, 12, 6, 19, 0, 0, TimeSpan.Zero),
        MeasuredSeconds = 30,
        Connections = new ConnectionStats(10_000, 10_000, 0, new Dictionary<string, int>(StringComparer.Ordinal), new ConnectTimeStats(5, 40, 50)),
        Messages = Messages(lost: 0),
        LatencyMs = P99(100),
        Throughput = new ThroughputStats(100_000, 12_800_000),
        Server = new ServerStats(40_000_000, 70_000_000, 3_000, 24, 8),
        Client = new ClientStats(22, 90_000_000, false, [], 7.2, 2_300),
        Timeseries = [],
        Thresholds = [],
        LatencyHistogram = HistogramCodec.Encode(new LongHistogram(HistogramCodec.HighestTrackableMicroseconds, 3)),
    };
}
