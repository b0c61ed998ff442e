using System.Text.Unicode;

namespace LoadLab.PushCore;

/// <summary>
/// One published message, encoded once for every transport when it is published. Every subscriber
/// is handed this same instance and these same bytes; nothing here is ever copied per subscriber.
/// Immutable, so thread-safe.
/// </summary>
public sealed class PushMessage
{
    internal PushMessage(string topic, long id, byte[] payload)
    {
        Topic = topic;
        Id = id;
        Payload = payload;
        IsUtf8 = Utf8.IsValid(payload);
        SseEvent = PushMessageEncoder.EncodeSseEvent(id, payload);
        JsonEnvelope = PushMessageEncoder.EncodeJsonEnvelope(id, payload, IsUtf8);
    }

    /// <summary>The topic the message was published to.</summary>
    public string Topic { get; }

    /// <summary>The per-topic sequence id, starting at 1.</summary>
    public long Id { get; }

    /// <summary>The payload exactly as published: the body of a plain WebSocket frame.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Whether the payload is valid UTF-8, so that it may travel in a WebSocket text frame.</summary>
    public bool IsUtf8 { get; }

    /// <summary>The complete <c>text/event-stream</c> event: <c>id:</c>, <c>data:</c> lines and the blank line.</summary>
    public ReadOnlyMemory<byte> SseEvent { get; }

    /// <summary>
    /// <c>{"id":N,"data":"..."}</c>: an element of a long-poll response and the frame of the
    /// <c>loadlab.v1</c> WebSocket subprotocol.
    /// </summary>
    public ReadOnlyMemory<byte> JsonEnvelope { get; }
}
