using LoadLab.Results;

namespace LoadLab.Reports.Statistics;

/// <summary>
/// Whether a metric differs between two sets of runs by more than noise: a Mann–Whitney U test on the
/// per-second samples of the time series (pooled over repetitions) where the metric has them, else on the
/// repetitions' values. The gate and the compare page read significance here, so they never disagree.
/// </summary>
public static class ChangeTest
{
    /// <summary>Fewer samples than this per side cannot show significance.</summary>
    public const int MinimumSamples = 3;

    /// <summary>The metric's value in each run that measured it.</summary>
    public static IReadOnlyList<double> Values(Metric metric, IReadOnlyList<TransportRunResult> runs)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(runs);
        return [.. runs.Select(metric.Value).OfType<double>()];
    }

    /// <summary>The two-sided p-value of the difference; null when neither the time series nor the repetitions give enough samples.</summary>
    public static double? PValue(Metric metric, IReadOnlyList<TransportRunResult> baseline, IReadOnlyList<TransportRunResult> current) =>
        Test(metric, baseline, current, allowed: value => value) is { } result ? result.PValue : null;

    /// <summary>
    /// The one-sided p-value of "the current run is worse than the baseline moved by what the tolerance
    /// allows" — a non-inferiority test. <paramref name="allowed"/> maps a baseline sample to the worst value
    /// still acceptable (×1.10 for <c>+10%</c>): a change that only just crosses the tolerance is then not
    /// significant, which is what keeps two runs of one build on a drifting machine from failing the gate.
    /// </summary>
    public static double? PValueWorseThanAllowed(Metric metric, IReadOnlyList<TransportRunResult> baseline, IReadOnlyList<TransportRunResult> current, Func<double, double> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        return Test(metric, baseline, current, allowed) is not { } result ? null
            : metric.LowerIsBetter ? result.PValueSecondGreater
            : 1 - result.PValueSecondGreater;
    }

    private static MannWhitney.Result? Test(Metric metric, IReadOnlyList<TransportRunResult> baseline, IReadOnlyList<TransportRunResult> current, Func<double, double> allowed)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (metric.PerSecond is { } perSecond)
        {
            var before = Samples(perSecond, baseline);
            var after = Samples(perSecond, current);
            if (before.Count >= MinimumSamples && after.Count >= MinimumSamples)
            {
                return MannWhitney.Test([.. before.Select(allowed)], after);
            }
        }

        var baselineValues = Values(metric, baseline);
        var currentValues = Values(metric, current);
        return baselineValues.Count >= MinimumSamples && currentValues.Count >= MinimumSamples
            ? MannWhitney.Test([.. baselineValues.Select(allowed)], currentValues)
            : null;
    }

    /// <summary>
    /// The measured seconds with something delivered in them, without the first and the last of them: the
    /// publisher starts and stops within a second, so those two hold a fraction of a second's traffic and
    /// would read as noise (or as a change) that the server never made.
    /// </summary>
    private static List<double> Samples(Func<TimeSeriesPoint, double?> perSecond, IReadOnlyList<TransportRunResult> runs) =>
        [.. runs.SelectMany(run => Whole(run.Timeseries.Where(point => !point.Warmup && point.Delivered > 0).ToList())).Select(perSecond).OfType<double>()];

    private static IEnumerable<TimeSeriesPoint> Whole(List<TimeSeriesPoint> delivering) =>
        delivering.Count > 2 ? delivering[1..^1] : [];
}
