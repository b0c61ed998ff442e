using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using LoadLab.PushCore;
using LoadLab.Server.Endpoints.WebSockets;

namespace LoadLab.Server.Front;

/// <summary>
/// How a transport puts messages on the wire in a <see cref="SendBatch"/>: the same shared, pre-encoded bytes
/// the Kestrel endpoints write, framed per batch. Stateless, so one instance serves every connection of its kind.
/// </summary>
internal abstract class PushFraming
{
    /// <summary>Starts a batch.</summary>
    public virtual void Begin(SendBatch batch) => batch.Reset(0);

    public abstract void Add(SendBatch batch, PushMessage message);

    /// <summary>Adds a resume gap notice, where the protocol carries one in-band.</summary>
    public abstract void AddGap(SendBatch batch, ResumeGap gap);

    /// <summary>Adds a keep-alive (an SSE comment, a WebSocket ping).</summary>
    public abstract void AddHeartbeat(SendBatch batch);

    /// <summary>Finishes a batch; an empty one stays empty.</summary>
    public virtual void End(SendBatch batch)
    {
    }

    /// <summary>The last bytes of a stream the server ends (after <see cref="End"/>), if the protocol has any.</summary>
    public abstract void AddClosing(SendBatch batch, WebSocketCloseStatus status, string reason);
}

/// <summary>WebSocket frames: the payload as a text or binary frame, or its <c>loadlab.v1</c> JSON envelope.</summary>
internal sealed class WebSocketFraming(bool useEnvelope) : PushFraming
{
    public static readonly WebSocketFraming Plain = new(useEnvelope: false);
    public static readonly WebSocketFraming Envelope = new(useEnvelope: true);

    public override void Add(SendBatch batch, PushMessage message)
    {
        if (useEnvelope)
        {
            AddFrame(batch, Opcodes.Text, message.JsonEnvelope.Span);
        }
        else
        {
            AddFrame(batch, message.IsUtf8 ? Opcodes.Text : Opcodes.Binary, message.Payload.Span);
        }
    }

    public override void AddGap(SendBatch batch, ResumeGap gap)
    {
        if (useEnvelope)
        {
            AddFrame(batch, Opcodes.Text, ResumeGapNotice.WebSocketFrame(gap));
        }
    }

    public override void AddHeartbeat(SendBatch batch) => AddFrame(batch, Opcodes.Ping, []);

    public override void AddClosing(SendBatch batch, WebSocketCloseStatus status, string reason) =>
        AddFrame(batch, Opcodes.Close, ServerFrames.ClosePayload(status, reason));

    public static void AddFrame(SendBatch batch, byte opcode, ReadOnlySpan<byte> payload)
    {
        var length = ServerFrames.Length(payload.Length);
        batch.Advance(ServerFrames.Write(batch.GetSpan(length), opcode, payload));
    }
}

/// <summary>
/// A <c>text/event-stream</c> body in HTTP/1.1 chunked encoding, one chunk per batch, as Kestrel frames a response
/// of unknown length: the events' shared bytes, the chunk's size written in front of them at the end.
/// </summary>
internal sealed class SseFraming : PushFraming
{
    public static readonly SseFraming Instance = new();

    // Eight hex digits (a 4 GiB chunk) and CRLF.
    private const int ChunkHeaderRoom = 10;

    /// <summary>The keep-alive comment line.</summary>
    public static ReadOnlySpan<byte> Heartbeat => ": heartbeat\n\n"u8;

    private static ReadOnlySpan<byte> LastChunk => "0\r\n\r\n"u8;

    public override void Begin(SendBatch batch) => batch.Reset(ChunkHeaderRoom);

    public override void Add(SendBatch batch, PushMessage message) => batch.Add(message.SseEvent.Span);

    public override void AddGap(SendBatch batch, ResumeGap gap) => batch.Add(ResumeGapNotice.SseEvent(gap));

    public override void AddHeartbeat(SendBatch batch) => batch.Add(Heartbeat);

    public override void End(SendBatch batch)
    {
        var size = batch.ContentLength;
        if (size == 0)
        {
            return;
        }

        Span<byte> header = stackalloc byte[ChunkHeaderRoom];
        Utf8Formatter.TryFormat((uint)size, header, out var digits, new StandardFormat('X'));
        "\r\n"u8.CopyTo(header[digits..]);
        batch.Prefix(header[..(digits + 2)]);
        batch.Add("\r\n"u8);
    }

    /// <summary>The stream ends with the last chunk: a complete response, after which the client reconnects.</summary>
    public override void AddClosing(SendBatch batch, WebSocketCloseStatus status, string reason) => batch.Add(LastChunk);

    /// <summary>The <c>retry:</c> field every stream starts with.</summary>
    public static byte[] RetryField(TimeSpan retry) => Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $"retry: {(long)retry.TotalMilliseconds}\n\n"));
}
