using LoadLab.Reports.Compare;
using LoadLab.Reports.Statistics;
using LoadLab.Results;

namespace LoadLab.Reports.Gate;

/// <summary>
/// Compares a current run with a baseline, rule by rule and transport by transport. A change counts as a
/// regression only when it is worse than the tolerance <em>and</em> statistically significant
/// (<see cref="ChangeTest"/>). An exact count (<c>messages.lost</c>) needs no
/// test: beyond its tolerance it is a regression. A single noisy value beyond its tolerance is
/// <see cref="GateOutcome.Unproven"/>: reported, not failed; repetitions make it testable.
/// </summary>
public static class GateEvaluator
{
    public static GateReport Evaluate(RunResult baseline, RunResult current, IReadOnlyList<GateRule> rules, double alpha)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(rules);
        var baselineRuns = ByTransport(baseline);
        var currentRuns = ByTransport(current);
        if (!baselineRuns.Keys.Order(StringComparer.Ordinal).SequenceEqual(currentRuns.Keys.Order(StringComparer.Ordinal)))
        {
            throw new GateInputException(
                $"the runs do not match: the baseline has {string.Join(", ", baselineRuns.Keys)}, the current run has {string.Join(", ", currentRuns.Keys)}");
        }

        var verdicts = new List<GateVerdict>();
        foreach (var (transport, runs) in baselineRuns)
        {
            verdicts.AddRange(rules.Select(rule => Judge(transport, rule, runs, currentRuns[transport], alpha)));
        }

        return new GateReport(verdicts, ScenarioDifferences(baseline, current), InconclusiveReasons(("baseline", baseline), ("current", current)), alpha);
    }

    private static GateVerdict Judge(string transport, GateRule rule, IReadOnlyList<TransportRunResult> baseline, IReadOnlyList<TransportRunResult> current, double alpha)
    {
        var metric = rule.Metric;
        var baselineValues = ChangeTest.Values(metric, baseline);
        var currentValues = ChangeTest.Values(metric, current);
        if (baselineValues.Count == 0 || currentValues.Count == 0)
        {
            return new GateVerdict(transport, rule, null, null, null, null, GateOutcome.NotMeasured);
        }

        var before = baselineValues.Average();
        var after = currentValues.Average();
        double? change = before != 0 ? (after - before) / Math.Abs(before) * 100 : null;
        var worse = metric.LowerIsBetter ? after - before : before - after;
        var beyond = rule.Relative
            ? (before != 0 ? worse / Math.Abs(before) * 100 > rule.Tolerance : worse > 0)
            : worse > rule.Tolerance;

        var pValue = ChangeTest.PValueWorseThanAllowed(metric, baseline, current, rule.Allowed);
        var outcome = !beyond ? GateOutcome.Pass
            : pValue is { } p ? (p < alpha ? GateOutcome.Regression : GateOutcome.Pass)
            : metric.Exact ? GateOutcome.Regression
            : GateOutcome.Unproven;
        return new GateVerdict(transport, rule, before, after, change, pValue, outcome);
    }

    private static Dictionary<string, IReadOnlyList<TransportRunResult>> ByTransport(RunResult result) =>
        result.Runs.GroupBy(run => run.Transport, StringComparer.Ordinal).ToDictionary(group => group.Key, group => (IReadOnlyList<TransportRunResult>)[.. group], StringComparer.Ordinal);

    private static List<string> ScenarioDifferences(RunResult baseline, RunResult current) =>
        [.. SettingDifference.Between([baseline.ResolvedScenario, current.ResolvedScenario])
            .Select(difference => $"{difference.Key}: {difference.Values[0] ?? "(absent)"} → {difference.Values[1] ?? "(absent)"}")];

    private static List<string> InconclusiveReasons(params (string Name, RunResult Result)[] results)
    {
        var reasons = new List<string>();
        foreach (var (name, result) in results)
        {
            if (result.Status == RunStatus.Aborted)
            {
                reasons.Add($"the {name} run was aborted");
            }

            reasons.AddRange(result.Runs.Where(run => run.Client.Saturated).Select(run => $"the {name} {run.Transport} run saturated the load engine: {string.Join("; ", run.Client.SaturationReasons)}"));
        }

        return reasons;
    }
}
