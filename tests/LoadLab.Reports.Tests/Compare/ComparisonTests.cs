using LoadLab.Reports.Compare;
using LoadLab.Results;
using LoadLab.Results.Tests;

namespace LoadLab.Reports.Tests.Compare;

public sealed class ComparisonTests
{
    [Fact]
    public void One_file_compares_its_transports_with_the_first()
    {
        var result = Fixtures.Read("quick-base.json");

        var comparison = Comparison.Of([new ComparedFile("base", "base.json", result)]);

        Assert.Equal(["ws", "sse", "longpoll"], comparison.Runs.Select(run => run.Name));
        var p99 = Row(comparison, "latency.p99");
        for (var i = 0; i < 3; i++)
        {
            var expected = (result.Runs[i].LatencyMs.P99 - result.Runs[0].LatencyMs.P99) / result.Runs[0].LatencyMs.P99 * 100;
            Assert.Equal(result.Runs[i].LatencyMs.P99, p99.Cells[i].Value);
            Assert.Equal(i == 0 ? null : expected, p99.Cells[i].ChangePercent);
        }

        Assert.Equal(Significance.Reference, p99.Cells[0].Significance);
        Assert.Equal(["transport"], comparison.Differences.Select(difference => difference.Key));
        Assert.Equal(["ws", "sse", "longpoll"], comparison.Differences[0].Values);
    }

    [Fact]
    public void A_deliberate_regression_is_worse_and_significant_against_the_baseline()
    {
        var baseline = Fixtures.Read("quick-base.json");
        var delayed = Fixtures.Read("quick-delayed.json");

        var comparison = Comparison.Of([Fixtures.File("base", "quick-base.json"), Fixtures.File("delayed", "quick-delayed.json")]);

        Assert.Equal(["base · ws", "base · sse", "base · longpoll", "delayed · ws", "delayed · sse", "delayed · longpoll"], comparison.Runs.Select(run => run.Name));
        var p50 = Row(comparison, "latency.p50").Cells[3];
        var expected = (delayed.Runs[0].LatencyMs.P50 - baseline.Runs[0].LatencyMs.P50) / baseline.Runs[0].LatencyMs.P50 * 100;
        Assert.Equal(expected, p50.ChangePercent!.Value, precision: 9);
        Assert.True(p50.ChangePercent > 100, $"a 15 ms delay on a few-ms latency more than doubles p50, got {p50.ChangePercent}%");
        Assert.Equal(Significance.Significant, p50.Significance);
        Assert.Equal(Direction.Worse, p50.Direction);
        Assert.True(p50.Real);
        Assert.Equal("transport", comparison.Differences[0].Key);
    }

    [Fact]
    public void Servers_side_by_side_compare_each_transport_with_its_own()
    {
        var baseline = Fixtures.Read("quick-base.json");
        var delayed = Fixtures.Read("quick-delayed.json");

        var comparison = Comparison.Of([Fixtures.File("base", "quick-base.json"), Fixtures.File("delayed", "quick-delayed.json")], ComparisonReference.SameTransport);

        var p99 = Row(comparison, "latency.p99").Cells;
        Assert.Equal([Significance.Reference, Significance.Reference, Significance.Reference], p99.Take(3).Select(cell => cell.Significance));
        var expected = (delayed.Runs[1].LatencyMs.P99 - baseline.Runs[1].LatencyMs.P99) / baseline.Runs[1].LatencyMs.P99 * 100;
        Assert.Equal(expected, p99[4].ChangePercent!.Value, precision: 9);
        Assert.Same(comparison.Runs[1], comparison.ReferenceOf(comparison.Runs[4]));
    }

    [Fact]
    public void Exact_counts_need_no_test_and_a_change_from_zero_is_new()
    {
        var clean = SampleResults.Create() with { Runs = [.. SampleResults.Create().Runs.Take(1).Select(run => run with { Messages = run.Messages with { Lost = 0 } })] };
        var lossy = clean with { Runs = [clean.Runs[0] with { Messages = clean.Runs[0].Messages with { Lost = 5 } }] };

        var lost = Row(Comparison.Of([new("a", "a.json", clean), new("b", "b.json", lossy)]), "messages.lost").Cells[1];

        Assert.Equal(Significance.Exact, lost.Significance);
        Assert.Null(lost.ChangePercent);
        Assert.Equal(Direction.Worse, lost.Direction);
        Assert.True(lost.Real);
        Assert.Equal("new", ChangeText.Of(lost));
    }

    [Theory]
    [InlineData(-0.004, "±0%")]
    [InlineData(0.04, "±0%")]
    [InlineData(12.345, "+12.3%")]
    [InlineData(-7.06, "-7.1%")]
    public void Changes_print_rounded_with_their_sign(double change, string text)
    {
        var cell = new ComparedValue(1, change, 0.5, Significance.NotSignificant, Direction.Worse);

        Assert.Equal($"{text} · noise, p=0.500", ChangeText.Of(cell));
    }

    [Fact]
    public void Repetitions_of_a_transport_are_one_column_with_their_mean()
    {
        var sample = SampleResults.Create();
        var ws = sample.Runs[0];
        var repeated = sample with
        {
            Runs = [.. Enumerable.Range(1, 3).Select(i => ws with { Repetition = i, LatencyMs = ws.LatencyMs with { P99 = 10 * i } })],
        };

        var comparison = Comparison.Of([new("once", "once.json", sample with { Runs = [ws] }), new("thrice", "thrice.json", repeated)]);

        Assert.Equal(["once · ws", "thrice · ws"], comparison.Runs.Select(run => run.Name));
        Assert.Equal(3, comparison.Runs[1].Repetitions.Count);
        Assert.Equal(20, Row(comparison, "latency.p99").Cells[1].Value);
        Assert.Contains(comparison.Differences, difference => difference.Key == "repetitions" && difference.Values.SequenceEqual(["1", "3"]));
    }

    [Fact]
    public void Settings_present_in_one_run_only_are_differences()
    {
        var a = SampleResults.Create();
        var b = a with { ResolvedScenario = new Dictionary<string, string>(a.ResolvedScenario) { ["publisher.topics"] = "4" } };

        var difference = Assert.Single(Comparison.Of([new("a", "a.json", a), new("b", "b.json", b)]).Differences, d => d.Key == "publisher.topics");

        Assert.Equal([null, null, null, "4", "4", "4"], difference.Values);
    }

    [Fact]
    public void A_column_is_described_by_its_own_transport_not_by_the_files_others()
    {
        var sample = SampleResults.Create();
        Dictionary<string, string> Endpoints(string wsSubscribe) => new(sample.ResolvedScenario)
        {
            ["endpoints.ws.subscribe"] = wsSubscribe,
            ["endpoints.sse.subscribe"] = "/sse?topic={topic}",
        };
        var reference = sample with { ResolvedScenario = Endpoints("/ws?topic={topic}"), Runs = [.. sample.Runs.Take(2)] };
        var peer = sample with { ResolvedScenario = new Dictionary<string, string>(Endpoints("/ws")) { ["transports"] = "ws" }, Runs = [sample.Runs[0]] };

        var comparison = Comparison.Of([new("loadlab", "a.json", reference), new("node-ws", "b.json", peer)]);

        // Only the ws columns differ in their ws endpoint; the sse column's ws endpoint and the transport lists are not its experiment.
        var endpoint = Assert.Single(comparison.Differences, d => d.Key.StartsWith("endpoints.", StringComparison.Ordinal));
        Assert.Equal("endpoints.ws.subscribe", endpoint.Key);
        Assert.Equal(["/ws?topic={topic}", null, "/ws"], endpoint.Values);
        Assert.DoesNotContain(comparison.Differences, d => d.Key == "transports");
    }

    [Fact]
    public void Nothing_to_compare_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Comparison.Of([]));
        Assert.Throws<ArgumentException>(() => Comparison.Of([new("empty", "e.json", SampleResults.Create() with { Runs = [] })]));
    }

    private static ComparedRow Row(Comparison comparison, string metric) =>
        comparison.Sections.SelectMany(section => section.Rows).Single(row => row.Figure.Metric.Name == metric);
}
