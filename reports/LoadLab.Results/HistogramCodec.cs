using HdrHistogram;
using HdrHistogram.Utilities;

namespace LoadLab.Results;

/// <summary>
/// Encodes latency histograms (microseconds) in HdrHistogram's compressed V2 form, base64: readable by
/// every HdrHistogram implementation, and mergeable with exact percentiles (no averaging of percentiles).
/// </summary>
public static class HistogramCodec
{
    public const string Encoding = "HdrHistogram-V2-deflate-base64";
    public const string Unit = "microseconds";

    /// <summary>Latencies above an hour are not latencies any more; values are clamped there when recorded.</summary>
    public const long HighestTrackableMicroseconds = 3_600_000_000;

    public static EncodedHistogram Encode(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.EncodeIntoCompressedByteBuffer(buffer);

        // ByteBuffer copies what it is given and offers no span of its own: read the bytes back one by one.
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }

        return new EncodedHistogram(Encoding, Unit, Convert.ToBase64String(bytes));
    }

    public static HistogramBase Decode(EncodedHistogram encoded, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.Encoding != Encoding || encoded.Unit != Unit)
        {
            throw new ResultsFormatException($"{sourceName}: histogram encoding '{encoded.Encoding}' in '{encoded.Unit}' is not supported; expected '{Encoding}' in '{Unit}'");
        }

        try
        {
            return HistogramEncoding.DecodeFromByteBuffer(ByteBuffer.Allocate(Inflate(Convert.FromBase64String(encoded.Data))), HighestTrackableMicroseconds, decompressor: null);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or IOException or IndexOutOfRangeException or InvalidDataException)
        {
            throw new ResultsFormatException($"{sourceName}: the latency histogram cannot be decoded: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Unwraps the compressed form (cookie, length, zlib stream) into the plain encoding. HdrHistogram 2.5.0's
    /// own compressed decoder reads the inflated payload with a single stream read, which comes back short
    /// for larger histograms; reading to the end here is what it should do.
    /// </summary>
    private static byte[] Inflate(byte[] compressed)
    {
        if (compressed.Length < 8)
        {
            throw new InvalidDataException("the encoded histogram is shorter than its header");
        }

        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(compressed.AsSpan(4));
        if (length < 0 || length > compressed.Length - 8)
        {
            throw new InvalidDataException($"the encoded histogram announces {length} compressed bytes but holds {compressed.Length - 8}");
        }

        using var zlib = new System.IO.Compression.ZLibStream(new MemoryStream(compressed, 8, length), System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        zlib.CopyTo(plain);
        return plain.ToArray();
    }

    /// <summary>
    /// The percentile distribution in milliseconds, HdrHistogram style: points ever closer to 100%, for a
    /// plot whose percentile axis is logarithmic in 1/(1-p).
    /// </summary>
    public static IReadOnlyList<(double Percentile, double Milliseconds)> PercentileDistribution(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return [];
        }

        return [.. histogram.Percentiles(5)
            .Select(point => (point.Percentile, point.ValueIteratedTo / 1000.0))
            .Where(point => point.Percentile < 100)];
    }
}
