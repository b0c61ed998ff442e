using System.Buffers;
using System.Net.Sockets;
using System.Net.WebSockets;
using LoadLab.PushCore;
using Microsoft.AspNetCore.Http;

namespace LoadLab.Server.Endpoints.WebSockets;

/// <summary>
/// The receiving half of a WebSocket the server frames itself (on Kestrel or on the push front): reads the
/// client's frames, publishes its messages (when the handshake carried the publish token, if the server has one),
/// answers pings, and ends with the close the server should answer with.
/// </summary>
internal sealed class ClientFrameLoop(PushHub hub, string topic, bool canPublish, int maxMessageSize)
{
    private const int ReceiveBufferSize = 4096;
    private const int WaitBufferSize = 16;

    // 1013 "Try Again Later" (IANA WebSocket close code registry); the enum has no name for it.
    private const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    private readonly byte[] _waitBuffer = new byte[WaitBufferSize];

    /// <summary>Reads until the client closes, breaks the protocol or leaves; returns the close to answer with, or null when the client just went away.</summary>
    public async Task<(WebSocketCloseStatus Status, string Reason)?> RunAsync(IClientConnection connection, CancellationToken cancellationToken)
    {
        ClientFrameReader? reader = null;
        try
        {
            while (true)
            {
                // Between frames the read waits in the loop's own 16 bytes, as the framework's WebSocket waits in its
                // header buffer: an idle connection holds no pooled buffer, whatever the transport makes of a
                // zero-byte read. Only a frame still arriving is read into a pooled one.
                var midFrame = reader?.IsMidFrame == true;
                var buffer = midFrame ? ArrayPool<byte>.Shared.Rent(ReceiveBufferSize) : _waitBuffer;
                try
                {
                    var received = await connection.ReadAsync(buffer, cancellationToken);
                    if (received == 0)
                    {
                        return null; // The client closed the TCP connection without a close frame.
                    }

                    reader ??= new ClientFrameReader(maxMessageSize);
                    for (var offset = 0; offset < received;)
                    {
                        var frame = Next(reader, buffer, ref offset, received);
                        switch (frame.Kind)
                        {
                            case ClientFrameKind.Text or ClientFrameKind.Binary when !canPublish:
                                return (WebSocketCloseStatus.PolicyViolation, "publishing needs the server's publish token (Authorization: Bearer)");
                            case ClientFrameKind.Text or ClientFrameKind.Binary:
                                if (await TryPublishAsync(frame.Payload!, cancellationToken) is { } refused)
                                {
                                    return refused;
                                }

                                break;
                            case ClientFrameKind.Ping:
                                await connection.WriteFrameAsync(PongFrame(frame.Payload!), cancellationToken);
                                break;
                            case ClientFrameKind.Close:
                                // The client's own close is echoed; a violation is answered with its status (1002, 1007, 1009).
                                return (frame.CloseStatus, frame.CloseReason);
                        }
                    }
                }
                finally
                {
                    if (midFrame)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            return null; // The client went away.
        }
        finally
        {
            reader?.Release();
        }
    }

    /// <summary>Whether <paramref name="ex"/> says the connection is gone, rather than a bug.</summary>
    public static bool IsConnectionGone(Exception ex) =>
        ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or BadHttpRequestException;

    /// <summary>Publishes a client's message; when the backplane is unreachable, the close (1013, try again later) that says nothing was published.</summary>
    private async ValueTask<(WebSocketCloseStatus, string)?> TryPublishAsync(byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await hub.PublishAsync(topic, payload, cancellationToken);
            return null;
        }
        catch (BackplaneUnavailableException)
        {
            return (TryAgainLater, "backplane unreachable; nothing was published");
        }
    }

    private static ClientFrame Next(ClientFrameReader reader, byte[] buffer, ref int offset, int end)
    {
        ReadOnlySpan<byte> data = buffer.AsSpan(offset, end - offset);
        var frame = reader.Read(ref data);
        offset = end - data.Length;
        return frame;
    }

    private static byte[] PongFrame(byte[] payload)
    {
        var frame = new byte[ServerFrames.Length(payload.Length)];
        ServerFrames.Write(frame, Opcodes.Pong, payload);
        return frame;
    }
}
