using System.Net.WebSockets;

namespace LoadLab.Server.Endpoints.WebSockets;

/// <summary>What the client sent that the session must act on: a whole message, a ping, or a close (its own or a protocol violation).</summary>
internal readonly record struct ClientFrame(ClientFrameKind Kind, byte[]? Payload = null, WebSocketCloseStatus CloseStatus = default, string CloseReason = "", bool IsViolation = false)
{
    public static ClientFrame None => default;

    public static ClientFrame Closed(WebSocketCloseStatus status, string reason, bool isViolation = false) =>
        new(ClientFrameKind.Close, null, status, reason, isViolation);
}

/// <summary>The kinds of <see cref="ClientFrame"/>.</summary>
internal enum ClientFrameKind
{
    /// <summary>Nothing complete yet: more bytes are needed.</summary>
    None,
    Text,
    Binary,
    Ping,
    Close,
}
