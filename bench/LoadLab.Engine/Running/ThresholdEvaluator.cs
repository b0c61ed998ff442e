using LoadLab.Engine.Scenarios;
using LoadLab.Results;

namespace LoadLab.Engine.Running;

/// <summary>Checks a transport run's figures against the scenario's thresholds.</summary>
internal static class ThresholdEvaluator
{
    public static IReadOnlyList<ThresholdResult> Evaluate(IReadOnlyList<Threshold> thresholds, TransportRunResult run) =>
        [.. thresholds.Select(threshold =>
        {
            var actual = Figure(threshold.Metric, run);
            return new ThresholdResult(threshold.Text, actual, actual is { } value && Holds(threshold.Operator, value, threshold.Value));
        })];

    /// <summary>The figure a threshold metric names; null when the run could not measure it (it then fails).</summary>
    internal static double? Figure(string metric, TransportRunResult run) =>
        Metric.TryFind(metric, out var known) ? known.Value(run) : throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown threshold metric.");

    private static bool Holds(ThresholdOperator op, double actual, double limit) => op switch
    {
        ThresholdOperator.Less => actual < limit,
        ThresholdOperator.LessOrEqual => actual <= limit,
        ThresholdOperator.Equal => actual == limit,
        ThresholdOperator.NotEqual => actual != limit,
        ThresholdOperator.GreaterOrEqual => actual >= limit,
        ThresholdOperator.Greater => actual > limit,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown operator."),
    };
}
