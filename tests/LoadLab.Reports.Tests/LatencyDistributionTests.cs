using HdrHistogram;
using LoadLab.Results;

namespace LoadLab.Reports.Tests;

public sealed class LatencyDistributionTests
{
    [Fact]
    public void Reads_what_hdrhistogram_itself_encoded_as_percentiles_in_milliseconds()
    {
        var histogram = SampleResult.Latencies(seed: 7, count: 20_000, scaleMicroseconds: 30_000);
        var run = SampleResult.Create().Runs[0] with { LatencyHistogram = SampleResult.Encode(histogram) };

        var points = LatencyDistribution.Of(run, "test");

        Assert.True(points.Count > 20);
        Assert.True(points[0].Percentile < 50, "the distribution starts at the lowest recorded values");
        Assert.All(points, point => Assert.InRange(point.Percentile, 0, 99.9999999));
        Assert.Equal(points.OrderBy(p => p.Percentile).Select(p => p.Milliseconds), points.Select(p => p.Milliseconds));
        Assert.InRange(points[^1].Milliseconds, histogram.GetValueAtPercentile(99) / 1000.0, histogram.HighestEquivalentValue(histogram.GetMaxValue()) / 1000.0);
    }

    [Fact]
    public void An_empty_histogram_has_no_points()
    {
        var run = SampleResult.Create().Runs[0] with { LatencyHistogram = SampleResult.Encode(new LongHistogram(HistogramCodec.HighestTrackableMicroseconds, 3)) };

        Assert.Empty(LatencyDistribution.Of(run, "test"));
    }
}
