using HdrHistogram;

namespace LoadLab.Engine.Measurement;

/// <summary>The one shape of every histogram a run records: microseconds from 1 to the codec's highest, three significant digits.</summary>
internal static class Histograms
{
    public const long HighestMicroseconds = Results.HistogramCodec.HighestTrackableMicroseconds;

    /// <summary>A recorder read safely while it is written; its writes are thread-safe unless <paramref name="soleWriter"/>.</summary>
    public static Recorder CreateRecorder(bool soleWriter = false)
    {
        var histograms = Shape();
        return (soleWriter ? histograms : histograms.WithThreadSafeWrites()).WithThreadSafeReads().Create();
    }

    /// <summary>An empty histogram to add recorded ones into.</summary>
    public static HistogramBase CreateTotal() => Shape().Create();

    private static HistogramFactory Shape() =>
        HistogramFactory.With64BitBucketSize().WithValuesFrom(1).WithValuesUpTo(HighestMicroseconds).WithPrecisionOf(3);
}
