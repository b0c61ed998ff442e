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
        if (payload.Length < Length || !TryParseHex16(payload[..16], out var rawSequence) || !TryParseHex16(payload[16..32], out var rawTime))
        {
            return false;
        }

        sequence = (long)rawSequence;
        scheduledMicroseconds = (long)rawTime;
        return true;
    }

    /// <summary>Exactly 16 hex digits, either case: read for every message received, so by hand rather than by a general parser.</summary>
    private static bool TryParseHex16(ReadOnlySpan<byte> digits, out ulong value)
    {
        value = 0;
        foreach (var digit in digits[..16])
        {
            var nibble = (uint)(digit - '0');
            if (nibble > 9)
            {
                nibble = (uint)((digit | 0x20) - 'a');
                if (nibble > 5)
                {
                    return false;
                }

                nibble += 10;
            }

            value = (value << 4) | nibble;
        }

        return true;
    }
}
