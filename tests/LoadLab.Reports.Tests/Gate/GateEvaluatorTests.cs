using System.Xml.Linq;
using LoadLab.Reports.Gate;
using LoadLab.Results;
using LoadLab.Results.Tests;

namespace LoadLab.Reports.Tests.Gate;

public sealed class GateEvaluatorTests
{
    private static RunResult Clean()
    {
        var sample = SampleResults.Create();
        return sample with { Runs = [.. sample.Runs.Select(run => run with { Client = new ClientStats(1, 1, false, []), Messages = run.Messages with { Lost = 0 } })] };
    }

    private static RunResult Scale(RunResult result, double latency, double throughput) => result with
    {
        Runs = [.. result.Runs.Select(run => run with
        {
            LatencyMs = run.LatencyMs with { P50 = run.LatencyMs.P50 * latency, P99 = run.LatencyMs.P99 * latency },
            Throughput = run.Throughput with { DeliveredPerSec = run.Throughput.DeliveredPerSec * throughput },
            Timeseries = [.. run.Timeseries.Select((point, i) => point with
            {
                P50Ms = point.P50Ms * latency * (1 + (0.01 * (i % 3))),
                P99Ms = point.P99Ms * latency * (1 + (0.01 * (i % 5))),
                Delivered = (long)(point.Delivered * throughput) + (i % 4),
            })],
        })],
    };

    [Fact]
    public void Two_runs_of_the_same_build_pass()
    {
        var report = GateEvaluator.Evaluate(Clean(), Scale(Clean(), 1.0, 1.0), GateRule.Defaults, 0.05);

        Assert.False(report.Regressed);
        Assert.False(report.Inconclusive);
        Assert.DoesNotContain(report.Verdicts, v => v.Outcome == GateOutcome.Regression);
    }

    [Fact]
    public void Clearly_worse_latency_and_throughput_are_regressions_named_by_metric()
    {
        var report = GateEvaluator.Evaluate(Clean(), Scale(Clean(), 2.0, 0.5), GateRule.Defaults, 0.05);

        Assert.True(report.Regressed);
        var regressed = report.Verdicts.Where(v => v.Outcome == GateOutcome.Regression).Select(v => v.Rule.Metric.Name).Distinct().Order().ToList();
        Assert.Equal(["latency.p50", "latency.p99", "throughput.deliveredPerSec"], regressed);
        var ws = report.Verdicts.Single(v => v.Transport == "ws" && v.Rule.Metric.Name == "latency.p99");
        Assert.Equal(100, ws.ChangePercent!.Value, 6);
        Assert.True(ws.PValue < 0.001);
    }

    [Theory]
    [InlineData(1.12, GateOutcome.Pass)]
    [InlineData(1.40, GateOutcome.Regression)]
    public void Significance_is_tested_against_the_tolerance_not_against_no_change(double factor, GateOutcome expected)
    {
        // Every second is 12% worse: beyond +10%, yet not clearly worse than the 10% the rule allows.
        static RunResult WithP99(RunResult result, double factor) => result with
        {
            Runs = [.. result.Runs.Select(run => run with
            {
                LatencyMs = run.LatencyMs with { P99 = 13 * factor },
                Timeseries = [.. run.Timeseries.Select((point, i) => point with { P99Ms = (10 + (i % 7)) * factor })],
            })],
        };
        var rules = new[] { GateRule.Parse("latency.p99", "+10%") };

        var verdict = GateEvaluator.Evaluate(WithP99(Clean(), 1), WithP99(Clean(), factor), rules, 0.05).Verdicts[0];

        Assert.Equal(expected, verdict.Outcome);
        Assert.Equal((factor - 1) * 100, verdict.ChangePercent!.Value, 6);
    }

    [Fact]
    public void Change_beyond_tolerance_without_significance_passes()
    {
        // The headline p99 is 15% worse, but second by second the runs are the same: noise, not a regression.
        var current = Clean() with { Runs = [.. Clean().Runs.Select(run => run with { LatencyMs = run.LatencyMs with { P99 = run.LatencyMs.P99 * 1.15 } })] };

        var report = GateEvaluator.Evaluate(Clean(), current, GateRule.Defaults, 0.05);

        var p99 = report.Verdicts.Where(v => v.Rule.Metric.Name == "latency.p99").ToList();
        Assert.All(p99, v => Assert.Equal(GateOutcome.Pass, v.Outcome));
        Assert.All(p99, v => Assert.True(v.PValue > 0.05));
    }

    [Fact]
    public void A_lost_message_is_a_regression_without_any_test()
    {
        var current = Clean() with { Runs = [.. Clean().Runs.Select(run => run with { Messages = run.Messages with { Lost = 3 } })] };

        var report = GateEvaluator.Evaluate(Clean(), current, GateRule.Defaults, 0.05);

        var lost = report.Verdicts.Where(v => v.Rule.Metric.Name == "messages.lost").ToList();
        Assert.All(lost, v => Assert.Equal((GateOutcome.Regression, (double?)null), (v.Outcome, v.PValue)));
    }

    [Fact]
    public void Saturated_or_aborted_runs_make_the_comparison_inconclusive()
    {
        var report = GateEvaluator.Evaluate(Clean(), SampleResults.Create() with { Status = RunStatus.Aborted }, GateRule.Defaults, 0.05);

        Assert.True(report.Inconclusive);
        Assert.Contains("the current run was aborted", report.InconclusiveReasons);
        Assert.Contains(report.InconclusiveReasons, reason => reason.StartsWith("the current sse run saturated the load engine", StringComparison.Ordinal));
    }

    [Fact]
    public void Runs_of_other_transports_do_not_match()
    {
        var current = Clean() with { Runs = [Clean().Runs[0]] };
        var error = Assert.Throws<GateInputException>(() => GateEvaluator.Evaluate(Clean(), current, GateRule.Defaults, 0.05));
        Assert.Equal("the runs do not match: the baseline has ws, sse, longpoll, the current run has ws", error.Message);
    }

    [Fact]
    public void Different_experiments_are_listed()
    {
        var current = Clean() with { ResolvedScenario = new Dictionary<string, string>(Clean().ResolvedScenario) { ["publisher.rate"] = "100" } };
        Assert.Equal(["publisher.rate: 50 → 100"], GateEvaluator.Evaluate(Clean(), current, GateRule.Defaults, 0.05).ScenarioDifferences);
    }

    [Fact]
    public void JUnit_parses_as_xml_with_one_case_per_rule_and_markdown_shows_the_table()
    {
        var report = GateEvaluator.Evaluate(Clean(), Scale(Clean(), 2.0, 0.5), GateRule.Defaults, 0.05);

        using var junit = new StringWriter();
        GateJUnitWriter.Write(report, junit);
        var suite = XDocument.Parse(junit.ToString()).Root!.Element("testsuite")!;
        Assert.Equal(GateRule.Defaults.Count * 3, int.Parse(suite.Attribute("tests")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(9, int.Parse(suite.Attribute("failures")!.Value, System.Globalization.CultureInfo.InvariantCulture));

        using var markdown = new StringWriter();
        GateMarkdownWriter.Write(report, markdown);
        Assert.Contains("## LoadLab gate: **regression**", markdown.ToString(), StringComparison.Ordinal);
        Assert.Contains("| ws | latency.p99 | 8.75 ms | 17.5 ms | +100% | +10% |", markdown.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_noisy_value_beyond_tolerance_is_unproven_not_a_regression()
    {
        var current = Clean() with { Runs = [.. Clean().Runs.Select(run => run with { Server = run.Server with { MemoryPerConnectionBytes = run.Server.MemoryPerConnectionBytes * 1.5 } })] };

        var report = GateEvaluator.Evaluate(Clean(), current, GateRule.Defaults, 0.05);

        var memory = report.Verdicts.Where(v => v.Rule.Metric.Name == "server.memoryPerConnectionBytes" && v.Baseline is not null).ToList();
        Assert.NotEmpty(memory);
        Assert.All(memory, v => Assert.Equal(GateOutcome.Unproven, v.Outcome));
        Assert.False(report.Regressed);
    }
}
