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
}
