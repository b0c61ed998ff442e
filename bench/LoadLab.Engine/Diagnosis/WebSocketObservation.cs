namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// Everything the WebSocket probe saw: a connection failure, or the handshake response, then — after a
/// <c>101</c> — whether the accept key was right, the subprotocol asked for, how long our ping took to be
/// answered (null: no pong), the server's close frame if any, and the stream.
/// </summary>
public sealed record WebSocketObservation(ConnectError? Failure, ResponseHead? Head, PublishLog? Published)
{
    public string? RequestedSubProtocol { get; init; }

    public string? Origin { get; init; }

    public bool AcceptValid { get; init; }

    public TimeSpan? PongAfter { get; init; }

    public CloseFrame? Close { get; init; }

    public StreamWatch? Stream { get; init; }
}
