using System.Text.Json;

namespace LoadLab.Engine.Clients;

/// <summary>
/// The <c>loadlab.v1</c> WebSocket subprotocol's frames: <c>{"id":N,"data":"..."}</c> for a message, and
/// <c>{"gap":{...}}</c> when a resume could not be complete. Read in place, without allocating (our stamps
/// are plain ASCII, so their data needs no unescaping). The reference server writes them compact, id first, and
/// those are read without the JSON reader (a fifth of the engine's time per message at a million a second went
/// there); anything else still goes through it.
/// </summary>
internal static class WebSocketEnvelope
{
    public const string SubProtocol = "loadlab.v1";

    /// <summary>Reads one frame: a message (true, with its id and data) or a gap notice (false, <paramref name="gap"/> set); false without gap for anything else.</summary>
    public static bool TryRead(ReadOnlySpan<byte> frame, out long id, out ReadOnlySpan<byte> data, out bool gap)
    {
        gap = false;
        if (TryReadCompact(frame, out id, out data))
        {
            return true;
        }

        id = 0;
        data = default;
        gap = false;
        var reader = new Utf8JsonReader(frame);
        var haveId = false;
        var haveData = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("gap"u8))
                {
                    gap = true;
                    return false;
                }

                var isId = reader.ValueTextEquals("id"u8);
                var isData = reader.ValueTextEquals("data"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isId && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out id))
                {
                    haveId = true;
                }
                else if (isData && reader.TokenType == JsonTokenType.String)
                {
                    data = reader.ValueSpan;
                    haveData = true;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return haveId && haveData;
    }

    /// <summary><c>{"id":N,"data":"..."}</c> exactly, with nothing in the data to unescape.</summary>
    private static bool TryReadCompact(ReadOnlySpan<byte> frame, out long id, out ReadOnlySpan<byte> data)
    {
        id = 0;
        data = default;
        if (!frame.StartsWith("{\"id\":"u8) || !frame.EndsWith("\"}"u8))
        {
            return false;
        }

        var rest = frame[6..^2];
        if (!System.Buffers.Text.Utf8Parser.TryParse(rest, out long value, out var used) || !rest[used..].StartsWith(",\"data\":\""u8))
        {
            return false;
        }

        var candidate = rest[(used + 9)..];
        if (candidate.IndexOfAny((byte)'\\', (byte)'"') >= 0)
        {
            return false;
        }

        id = value;
        data = candidate;
        return true;
    }
}
