using LoadLab.Results;

namespace LoadLab.Engine.Scenarios;

/// <summary>The figures a threshold may name: the results' metric catalog.</summary>
public static class ThresholdMetrics
{
    public static IReadOnlySet<string> Known { get; } = new SortedSet<string>(Metric.All.Select(metric => metric.Name), StringComparer.Ordinal);
}
