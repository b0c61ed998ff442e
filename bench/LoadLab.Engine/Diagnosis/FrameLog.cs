using System.Buffers.Binary;
using System.Text;
using LoadLab.Engine.Clients;

namespace LoadLab.Engine.Diagnosis;

/// <summary>What the WebSocket probe read, frame by frame: messages (fragments joined), server pings, our pong, a close frame. Not thread-safe.</summary>
internal sealed class FrameLog(TimeSpan openedAt)
{
    private readonly List<ReceivedMessage> _messages = [];
    private readonly List<byte> _fragments = [];

    public IReadOnlyList<ReceivedMessage> Messages => _messages;

    public int ServerPings { get; private set; }

    public TimeSpan? PongAt { get; private set; }

    public CloseFrame? Close { get; private set; }

    public TimeSpan LastActivityAt { get; private set; } = openedAt;

    public TimeSpan? EndedAt { get; private set; }

    public string? EndReason { get; private set; }

    /// <summary>Logs one frame; true when it was the server's close frame.</summary>
    public bool Record(bool final, byte opcode, byte[] payload, TimeSpan at)
    {
        LastActivityAt = at;
        switch (opcode)
        {
            case WebSocketFrames.Text or WebSocketFrames.Binary or WebSocketFrames.Continuation:
                _fragments.AddRange(payload);
                if (final)
                {
                    // Binary payloads are decoded too: the probe only looks for its marker, which is ASCII.
                    _messages.Add(new ReceivedMessage(at, null, Encoding.UTF8.GetString([.. _fragments])));
                    _fragments.Clear();
                }

                return false;
            case WebSocketFrames.Ping:
                ServerPings++;
                return false;
            case WebSocketFrames.Pong:
                PongAt ??= at;
                return false;
            case WebSocketFrames.Close:
                Close = new CloseFrame(
                    payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : null,
                    payload.Length > 2 ? Encoding.UTF8.GetString(payload, 2, payload.Length - 2) : "",
                    at);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Bytes arrived (a frame may still be incomplete): the connection is not idle.</summary>
    public void Touch(TimeSpan at) => LastActivityAt = at;

    public void End(TimeSpan at, string reason) => (EndedAt, EndReason) = (at, reason);
}
