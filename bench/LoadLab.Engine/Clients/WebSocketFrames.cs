using System.Buffers.Binary;

namespace LoadLab.Engine.Clients;

/// <summary>
/// RFC 6455 framing, as much of it as a subscriber needs: read every frame a socket read holds, in place
/// (server frames are unmasked; a masked one is unmasked where it lies), and write masked client frames.
/// </summary>
internal static class WebSocketFrames
{
    public const byte Continuation = 0x0;
    public const byte Text = 0x1;
    public const byte Binary = 0x2;
    public const byte Close = 0x8;
    public const byte Ping = 0x9;
    public const byte Pong = 0xA;

    /// <summary>The largest header of a client frame: 2 bytes, an 8-byte length, a 4-byte mask.</summary>
    public const int MaxClientHeader = 14;

    /// <summary>
    /// Reads the frame at the start of <paramref name="buffer"/>: false when the buffer does not hold all of it
    /// yet. <paramref name="payload"/> is the frame's payload inside <paramref name="buffer"/>, unmasked.
    /// </summary>
    public static bool TryRead(Span<byte> buffer, out bool final, out byte opcode, out Range payload, out int frameLength)
    {
        (final, opcode, payload, frameLength) = (false, 0, default, 0);
        if (buffer.Length < 2)
        {
            return false;
        }

        final = (buffer[0] & 0x80) != 0;
        opcode = (byte)(buffer[0] & 0x0F);
        var masked = (buffer[1] & 0x80) != 0;
        long length = buffer[1] & 0x7F;
        var header = 2;
        if (length == 126)
        {
            if (buffer.Length < 4)
            {
                return false;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
            header = 4;
        }
        else if (length == 127)
        {
            if (buffer.Length < 10)
            {
                return false;
            }

            length = (long)BinaryPrimitives.ReadUInt64BigEndian(buffer[2..]);
            header = 10;
        }

        var maskAt = header;
        header += masked ? 4 : 0;
        if (length > int.MaxValue - header || buffer.Length < header + length)
        {
            return false;
        }

        payload = header..(header + (int)length);
        frameLength = header + (int)length;
        if (masked)
        {
            Unmask(buffer[payload], buffer.Slice(maskAt, 4));
        }

        return true;
    }

    /// <summary>Writes a final client frame (masked, as RFC 6455 requires of clients) into <paramref name="destination"/>; returns its length.</summary>
    public static int WriteClientFrame(Span<byte> destination, byte opcode, ReadOnlySpan<byte> payload, uint mask)
    {
        destination[0] = (byte)(0x80 | opcode);
        int header;
        if (payload.Length < 126)
        {
            destination[1] = (byte)(0x80 | payload.Length);
            header = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            destination[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
            header = 4;
        }
        else
        {
            destination[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payload.Length);
            header = 10;
        }

        var key = destination.Slice(header, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(key, mask);
        var body = destination.Slice(header + 4, payload.Length);
        payload.CopyTo(body);
        Unmask(body, key);
        return header + 4 + payload.Length;
    }

    /// <summary>XOR with the 4-byte key: masking and unmasking are the same operation.</summary>
    private static void Unmask(Span<byte> data, ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < data.Length; i++)
        {
            data[i] ^= key[i & 3];
        }
    }
}
