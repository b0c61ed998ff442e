using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace LoadLab.PushCore;

/// <summary>Encodes a message for each transport; called once per published message.</summary>
internal static class PushMessageEncoder
{
    private static ReadOnlySpan<byte> IdField => "id: "u8;
    private static ReadOnlySpan<byte> DataField => "data: "u8;

    /// <summary>
    /// Formats an event as the HTML standard's event-stream defines it. A payload line break
    /// (CRLF, CR or LF) starts a new <c>data:</c> line, so the client's parser joins the lines
    /// back with LF.
    /// </summary>
    public static byte[] EncodeSseEvent(long id, ReadOnlySpan<byte> payload)
    {
        var writer = new ArrayBufferWriter<byte>(payload.Length + 32);
        writer.Write(IdField);
        WriteInt64(writer, id);
        writer.Write("\n"u8);

        var rest = payload;
        while (true)
        {
            writer.Write(DataField);
            var lineBreak = rest.IndexOfAny((byte)'\r', (byte)'\n');
            if (lineBreak < 0)
            {
                writer.Write(rest);
                writer.Write("\n"u8);
                break;
            }

            writer.Write(rest[..lineBreak]);
            writer.Write("\n"u8);
            var breakLength = rest[lineBreak] == '\r' && lineBreak + 1 < rest.Length && rest[lineBreak + 1] == '\n' ? 2 : 1;
            rest = rest[(lineBreak + breakLength)..];
        }

        writer.Write("\n"u8);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Formats <c>{"id":N,"data":"..."}</c>. A payload that is not valid UTF-8 cannot be a JSON
    /// string: its invalid bytes become U+FFFD, as any UTF-8 decoder would show them.
    /// </summary>
    public static byte[] EncodeJsonEnvelope(long id, ReadOnlySpan<byte> payload, bool payloadIsUtf8)
    {
        var buffer = new ArrayBufferWriter<byte>(payload.Length + 32);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("id"u8, id);
            if (payloadIsUtf8)
            {
                json.WriteString("data"u8, payload);
            }
            else
            {
                json.WriteString("data"u8, Encoding.UTF8.GetString(payload));
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteInt64(ArrayBufferWriter<byte> writer, long value)
    {
        var span = writer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        writer.Advance(written);
    }
}
