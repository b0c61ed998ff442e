using LoadLab.Results;

namespace LoadLab.Reports;

/// <summary>
/// The one place the reports read a latency histogram, so the decoder can be swapped without touching a
/// writer. It uses <see cref="HistogramCodec"/> of the results model rather than HdrHistogram's own
/// <c>DecodeFromCompressedByteBuffer</c>, which in HdrHistogram 2.5.0 comes back short on larger histograms.
/// </summary>
internal static class LatencyDistribution
{
    /// <summary>
    /// The run's percentile distribution as (percentile 0–100, milliseconds). A histogram that cannot be
    /// decoded throws <see cref="ResultsFormatException"/> naming <paramref name="sourceName"/>.
    /// </summary>
    public static IReadOnlyList<(double Percentile, double Milliseconds)> Of(TransportRunResult run, string sourceName) =>
        HistogramCodec.PercentileDistribution(HistogramCodec.Decode(run.LatencyHistogram, sourceName));

    /// <summary>
    /// The percentiles of several runs' latencies together (the repetitions of one transport): histograms
    /// add exactly, percentiles do not average.
    /// </summary>
    public static IReadOnlyList<(double Percentile, double Milliseconds)> Merged(IReadOnlyList<TransportRunResult> runs, string sourceName)
    {
        var merged = HistogramCodec.Decode(runs[0].LatencyHistogram, $"{sourceName}, {runs[0].Label}");
        foreach (var run in runs.Skip(1))
        {
            merged.Add(HistogramCodec.Decode(run.LatencyHistogram, $"{sourceName}, {run.Label}"));
        }

        return HistogramCodec.PercentileDistribution(merged);
    }
}
