using HdrHistogram;

namespace LoadLab.Results;

/// <summary>Latency from the publisher's scheduled send time to receipt, in milliseconds.</summary>
public sealed record LatencyStats(double P50, double P90, double P99, double P999, double Max, double Mean)
{
    /// <summary>The figures of a latency histogram in microseconds; all zero when it is empty.</summary>
    public static LatencyStats FromHistogram(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return histogram.TotalCount == 0
            ? new LatencyStats(0, 0, 0, 0, 0, 0)
            : new LatencyStats(
                histogram.GetValueAtPercentile(50) / 1000.0,
                histogram.GetValueAtPercentile(90) / 1000.0,
                histogram.GetValueAtPercentile(99) / 1000.0,
                histogram.GetValueAtPercentile(99.9) / 1000.0,
                histogram.GetMaxValue() / 1000.0,
                histogram.GetMean() / 1000.0);
    }
}
