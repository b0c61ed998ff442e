using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;

namespace LoadLab.Server.Endpoints.WebSockets;

/// <summary>
/// Writes server frames (RFC 6455 §5.2). A server frame is never masked, so its bytes are the same for
/// every subscriber: the header is computed per write (2–10 bytes) and the payload is the message's
/// shared, pre-encoded bytes, copied once into the connection's write.
/// </summary>
internal static class ServerFrames
{
    /// <summary>The header and payload size of an unmasked frame carrying <paramref name="payloadLength"/> bytes.</summary>
    public static int Length(int payloadLength) => HeaderLength(payloadLength) + payloadLength;

    /// <summary>Writes a final frame to the start of <paramref name="destination"/>; returns its length.</summary>
    public static int Write(Span<byte> destination, byte opcode, ReadOnlySpan<byte> payload)
    {
        destination[0] = (byte)(0x80 | opcode);
        int header;
        if (payload.Length <= 125)
        {
            destination[1] = (byte)payload.Length;
            header = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
            header = 4;
        }
        else
        {
            destination[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payload.Length);
            header = 10;
        }

        payload.CopyTo(destination[header..]);
        return header + payload.Length;
    }

    /// <summary>A close frame's payload: the status code, then a reason cut to fit the 125-byte control frame limit.</summary>
    public static byte[] ClosePayload(WebSocketCloseStatus status, string reason)
    {
        var reasonBytes = Encoding.UTF8.GetBytes(reason);
        var reasonLength = Math.Min(reasonBytes.Length, 123);
        // Never cut a UTF-8 sequence in half: back up to the start of the character.
        while (reasonLength < reasonBytes.Length && reasonLength > 0 && (reasonBytes[reasonLength] & 0xC0) == 0x80)
        {
            reasonLength--;
        }

        var payload = new byte[2 + reasonLength];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
        reasonBytes.AsSpan(0, reasonLength).CopyTo(payload.AsSpan(2));
        return payload;
    }

    private static int HeaderLength(int payloadLength) => payloadLength <= 125 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10;
}
