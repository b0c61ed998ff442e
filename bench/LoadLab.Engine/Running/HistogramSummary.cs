using HdrHistogram;
using LoadLab.Results;

namespace LoadLab.Engine.Running;

/// <summary>Turns recorded HdrHistograms (microseconds) into the results' figures (milliseconds) and encoding.</summary>
internal static class HistogramSummary
{
    public static LatencyStats Latency(HistogramBase histogram) => LatencyStats.FromHistogram(histogram);

    public static ConnectTimeStats ConnectTimes(HistogramBase histogram) => histogram.TotalCount == 0
        ? new ConnectTimeStats(0, 0, 0)
        : new ConnectTimeStats(Milliseconds(histogram.GetValueAtPercentile(50)), Milliseconds(histogram.GetValueAtPercentile(99)), Milliseconds(histogram.GetMaxValue()));

    public static double? PercentileMs(HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? null : Milliseconds(histogram.GetValueAtPercentile(percentile));

    private static double Milliseconds(long microseconds) => microseconds / 1000.0;
}
