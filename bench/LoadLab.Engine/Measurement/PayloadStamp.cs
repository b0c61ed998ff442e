using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;

namespace LoadLab.Engine.Measurement;

/// <summary>
/// What the publisher writes at the start of every payload: the per-topic sequence and the
/// <em>scheduled</em> send time (microseconds on the <see cref="RunClock"/>), each as 16 hex digits,
/// then padding to the payload size. Plain ASCII, so it survives every transport unchanged (an SSE
/// data line, a JSON string, a WebSocket text frame) and is read back without allocating.
/// </summary>
public static class PayloadStamp
{
    /// <summary>Bytes the stamp takes; a payload is at least this long.</summary>
    public const int Length = 32;

    private const byte Padding = (byte)'x';

    public static byte[] Create(long sequence, long scheduledMicroseconds, int payloadBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(payloadBytes, Length);
        var payload = new byte[payloadBytes];
        Write(payload, sequence, scheduledMicroseconds);
        return payload;
    }

    public static void Write(Span<byte> payload, long sequence, long scheduledMicroseconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(payload.Length, Length);
        Utf8Formatter.TryFormat((ulong)sequence, payload[..16], out _, new System.Buffers.StandardFormat('X', 16));
        Utf8Formatter.TryFormat((ulong)scheduledMicroseconds, payload[16..32], out _, new System.Buffers.StandardFormat('X', 16));
        payload[Length..].Fill(Padding);
    }

    public static bool TryRead(ReadOnlySpan<byte> payload, out long sequence, out long scheduledMicroseconds)
    {
        sequence = scheduledMicroseconds = 0;

        // Both numbers in one vectorized decode of the 32 digits: read for every message received.
        Span<byte> raw = stackalloc byte[16];
        if (payload.Length < Length || Convert.FromHexString(payload[..Length], raw, out _, out var written) != OperationStatus.Done || written != raw.Length)
        {
            return false;
        }

        sequence = (long)BinaryPrimitives.ReadUInt64BigEndian(raw);
        scheduledMicroseconds = (long)BinaryPrimitives.ReadUInt64BigEndian(raw[8..]);
        return true;
    }
}
