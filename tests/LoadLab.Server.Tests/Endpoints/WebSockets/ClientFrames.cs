using System.Buffers.Binary;

namespace LoadLab.Server.Tests.Endpoints.WebSockets;

/// <summary>Builds client frames byte by byte, including the malformed ones a real client library refuses to send.</summary>
internal static class ClientFrames
{
    public static byte[] Masked(byte opcode, ReadOnlySpan<byte> payload, bool final = true, bool masked = true, byte reservedBits = 0)
    {
        var lengthBytes = payload.Length <= 125 ? 0 : payload.Length <= ushort.MaxValue ? 2 : 8;
        var frame = new byte[2 + lengthBytes + (masked ? 4 : 0) + payload.Length];
        frame[0] = (byte)((final ? 0x80 : 0) | reservedBits | opcode);
        frame[1] = (byte)((masked ? 0x80 : 0) | (lengthBytes == 0 ? payload.Length : lengthBytes == 2 ? 126 : 127));
        if (lengthBytes == 2)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
        }
        else if (lengthBytes == 8)
        {
            BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)payload.Length);
        }

        var at = 2 + lengthBytes;
        byte[] mask = masked ? [0x37, 0xFA, 0x21, 0x3D] : [0, 0, 0, 0];
        if (masked)
        {
            mask.CopyTo(frame, at);
            at += 4;
        }

        for (var i = 0; i < payload.Length; i++)
        {
            frame[at + i] = (byte)(payload[i] ^ mask[i & 3]);
        }

        return frame;
    }

    public static byte[] Close(ushort code)
    {
        var payload = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(payload, code);
        return Masked(0x8, payload);
    }
}
