using LoadLab.Results;

namespace LoadLab.Reports.Gate;

/// <summary>
/// Compares a current run with a baseline, rule by rule and transport by transport. A change counts as a
/// regression only when it is worse than the tolerance <em>and</em> statistically significant: a
/// Mann–Whitney U test on the per-second samples of the time series (pooled over repetitions), or on the
/// repetitions' values for a figure with no per-second series. An exact count (<c>messages.lost</c>) needs no
/// test: beyond its tolerance it is a regression. A single noisy value beyond its tolerance is
/// <see cref="GateOutcome.Unproven"/>: reported, not failed; repetitions make it testable.
/// </summary>
public static class GateEvaluator
{
    /// <summary>Fewer samples than this per side cannot show significance.</summary>
    private const int MinimumSamples = 3;

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
        var baselineValues = Values(metric, baseline);
        var currentValues = Values(metric, current);
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

        var pValue = PValue(metric, baseline, current, baselineValues, currentValues);
        var outcome = !beyond ? GateOutcome.Pass
            : pValue is { } p ? (p < alpha ? GateOutcome.Regression : GateOutcome.Pass)
            : metric.Exact ? GateOutcome.Regression
            : GateOutcome.Unproven;
        return new GateVerdict(transport, rule, before, after, change, pValue, outcome);
    }

    private static double? PValue(Metric metric, IReadOnlyList<TransportRunResult> baseline, IReadOnlyList<TransportRunResult> current, List<double> baselineValues, List<double> currentValues)
    {
        if (metric.PerSecond is { } perSecond)
        {
            var before = Samples(perSecond, baseline);
            var after = Samples(perSecond, current);
            if (before.Count >= MinimumSamples && after.Count >= MinimumSamples)
            {
                return MannWhitney.Test(before, after).PValue;
            }
        }

        return baselineValues.Count >= MinimumSamples && currentValues.Count >= MinimumSamples
            ? MannWhitney.Test(baselineValues, currentValues).PValue
            : null;
    }

    /// <summary>The measured seconds: after the warm-up, with something delivered in them (not the ramp-down).</summary>
    private static List<double> Samples(Func<TimeSeriesPoint, double?> perSecond, IReadOnlyList<TransportRunResult> runs) =>
        [.. runs.SelectMany(run => run.Timeseries).Where(point => !point.Warmup && point.Delivered > 0).Select(perSecond).OfType<double>()];

    private static List<double> Values(Metric metric, IReadOnlyList<TransportRunResult> runs) => [.. runs.Select(metric.Value).OfType<double>()];

    private static Dictionary<string, IReadOnlyList<TransportRunResult>> ByTransport(RunResult result) =>
        result.Runs.GroupBy(run => run.Transport, StringComparer.Ordinal).ToDictionary(group => group.Key, group => (IReadOnlyList<TransportRunResult>)[.. group], StringComparer.Ordinal);

    private static List<string> ScenarioDifferences(RunResult baseline, RunResult current) =>
        [.. baseline.ResolvedScenario.Keys.Union(current.ResolvedScenario.Keys).Order(StringComparer.Ordinal)
            .Where(key => baseline.ResolvedScenario.GetValueOrDefault(key) != current.ResolvedScenario.GetValueOrDefault(key))
            .Select(key => $"{key}: {baseline.ResolvedScenario.GetValueOrDefault(key) ?? "(absent)"} → {current.ResolvedScenario.GetValueOrDefault(key) ?? "(absent)"}")];

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
