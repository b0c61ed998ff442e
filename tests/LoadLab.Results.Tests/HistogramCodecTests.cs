using HdrHistogram;

namespace LoadLab.Results.Tests;

public sealed class HistogramCodecTests
{
    [Fact]
    public void Encoded_histogram_decodes_to_the_same_counts()
    {
        var original = SampleResults.Latencies(seed: 7, count: 10_000);

        var decoded = HistogramCodec.Decode(HistogramCodec.Encode(original), "test");

        Assert.Equal(original.TotalCount, decoded.TotalCount);
        foreach (var percentile in new[] { 0.0, 50, 90, 99, 99.9, 100 })
        {
            Assert.Equal(original.GetValueAtPercentile(percentile), decoded.GetValueAtPercentile(percentile));
        }
    }

    [Fact]
    public void Histogram_spanning_microseconds_to_seconds_round_trips()
    {
        // Many distinct buckets: the inflated payload is larger than one stream read returns.
        var wide = new LongHistogram(HistogramCodec.HighestTrackableMicroseconds, 3);
        var random = new Random(1);
        for (var i = 0; i < 200_000; i++)
        {
            wide.RecordValue((long)Math.Exp(random.NextDouble() * 16));
        }

        var decoded = HistogramCodec.Decode(HistogramCodec.Encode(wide), "wide");

        Assert.Equal(wide.TotalCount, decoded.TotalCount);
        Assert.Equal(wide.GetValueAtPercentile(99.99), decoded.GetValueAtPercentile(99.99));
        Assert.Equal(wide.GetMaxValue(), decoded.GetMaxValue());
    }

    [Fact]
    public void Merged_histograms_give_exact_percentiles_of_all_values()
    {
        var first = SampleResults.Latencies(seed: 1, count: 3_000);
        var second = SampleResults.Latencies(seed: 2, count: 7_000);
        var together = new LongHistogram(HistogramCodec.HighestTrackableMicroseconds, 3);
        together.Add(first);
        together.Add(second);

        var merged = HistogramCodec.Decode(HistogramCodec.Encode(first), "a");
        merged.Add(HistogramCodec.Decode(HistogramCodec.Encode(second), "b"));

        Assert.Equal(together.TotalCount, merged.TotalCount);
        foreach (var percentile in new[] { 50.0, 99, 99.99 })
        {
            Assert.Equal(together.GetValueAtPercentile(percentile), merged.GetValueAtPercentile(percentile));
        }
    }

    [Theory]
    [InlineData("other-encoding", "microseconds", "AAAA", "is not supported")]
    [InlineData(HistogramCodec.Encoding, "seconds", "AAAA", "is not supported")]
    [InlineData(HistogramCodec.Encoding, "microseconds", "not base64!", "cannot be decoded")]
    [InlineData(HistogramCodec.Encoding, "microseconds", "AAAAAAAA", "cannot be decoded")]
    public void Unreadable_histograms_are_refused_naming_the_file(string encoding, string unit, string data, string problem)
    {
        var error = Assert.Throws<ResultsFormatException>(() => HistogramCodec.Decode(new EncodedHistogram(encoding, unit, data), "x/results.json"));
        Assert.StartsWith("x/results.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Percentile_distribution_rises_towards_the_tail()
    {
        var points = HistogramCodec.PercentileDistribution(SampleResults.Latencies(seed: 3, count: 10_000));

        Assert.True(points.Count > 10);
        Assert.True(points[^1].Percentile > 99.9);
        Assert.Equal(points.OrderBy(p => p.Percentile).Select(p => p.Milliseconds), points.Select(p => p.Milliseconds).Order());
    }
}
