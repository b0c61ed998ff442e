using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text.Unicode;

namespace LoadLab.Server.Endpoints.WebSockets;

/// <summary>
/// Reads what a WebSocket client sends (RFC 6455 §5), in whatever pieces the socket delivers it: frames are
/// unmasked as their bytes arrive, fragments are joined into one message, and every protocol violation
/// becomes the close status the RFC asks for. One instance per connection, created on its first byte: push
/// clients rarely send anything, and an idle connection should hold nothing.
/// </summary>
internal sealed class ClientFrameReader(int maxMessageSize)
{
    private const int MaxHeaderLength = 14;
    private const int MaxControlPayload = 125;

    private readonly byte[] _header = new byte[MaxHeaderLength];
    private int _headerLength;
    private int _headerNeeded = 2;
    private bool _inPayload;
    private long _payloadRemaining;
    private int _maskOffset;
    private byte _opcode;
    private bool _final;

    // The data message being assembled (its first frame's opcode) and the current control frame's payload.
    private byte _messageOpcode;
    private byte[]? _message;
    private int _messageLength;
    private readonly byte[] _control = new byte[MaxControlPayload];
    private int _controlLength;

    /// <summary>Whether a frame (or a fragmented message) has begun and not ended: more of it is on its way.</summary>
    public bool IsMidFrame => _headerLength > 0 || _inPayload || _messageOpcode != 0;

    /// <summary>
    /// Consumes bytes from <paramref name="data"/> up to and including the next complete event; returns
    /// <see cref="ClientFrame.None"/> when all of <paramref name="data"/> was consumed without completing one.
    /// </summary>
    public ClientFrame Read(ref ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty || (_inPayload && _payloadRemaining == 0))
        {
            if (!_inPayload)
            {
                var take = Math.Min(_headerNeeded - _headerLength, data.Length);
                data[..take].CopyTo(_header.AsSpan(_headerLength));
                _headerLength += take;
                data = data[take..];
                if (_headerLength < _headerNeeded)
                {
                    continue;
                }

                if (ParseHeader() is { } violation)
                {
                    return violation;
                }

                continue;
            }

            var chunk = (int)Math.Min(_payloadRemaining, data.Length);
            if (chunk > 0)
            {
                var destination = IsControl(_opcode) ? _control.AsSpan(_controlLength, chunk) : _message.AsSpan(_messageLength, chunk);
                Unmask(data[..chunk], destination);
                if (IsControl(_opcode))
                {
                    _controlLength += chunk;
                }
                else
                {
                    _messageLength += chunk;
                }

                _payloadRemaining -= chunk;
                data = data[chunk..];
            }

            if (_payloadRemaining == 0)
            {
                var frame = CompleteFrame();
                if (frame.Kind != ClientFrameKind.None)
                {
                    return frame;
                }
            }
        }

        return ClientFrame.None;
    }

    /// <summary>Hands back the pooled message buffer; the reader is not used afterwards.</summary>
    public void Release()
    {
        if (_message is not null)
        {
            ArrayPool<byte>.Shared.Return(_message);
            _message = null;
        }
    }

    /// <summary>Checks the header once its fixed part, then its length and mask, have arrived; null while it is fine.</summary>
    private ClientFrame? ParseHeader()
    {
        if (_headerNeeded == 2)
        {
            var first = _header[0];
            var second = _header[1];
            _final = (first & 0x80) != 0;
            _opcode = (byte)(first & 0x0F);
            if ((first & 0x70) != 0)
            {
                return Violation(WebSocketCloseStatus.ProtocolError, "reserved bits set without a negotiated extension");
            }

            if (_opcode is not (Opcodes.Continuation or Opcodes.Text or Opcodes.Binary or Opcodes.Close or Opcodes.Ping or Opcodes.Pong))
            {
                return Violation(WebSocketCloseStatus.ProtocolError, $"unknown opcode 0x{_opcode:X}");
            }

            if ((second & 0x80) == 0)
            {
                return Violation(WebSocketCloseStatus.ProtocolError, "client frames must be masked");
            }

            var length7 = second & 0x7F;
            if (IsControl(_opcode) && (!_final || length7 > MaxControlPayload))
            {
                return Violation(WebSocketCloseStatus.ProtocolError, "control frames must be final and at most 125 bytes");
            }

            _headerNeeded = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + 4;
            return null;
        }

        var lengthField = _header[1] & 0x7F;
        var length = lengthField switch
        {
            126 => BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2)),
            127 => (long)BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2)),
            _ => lengthField,
        };

        if (!IsControl(_opcode) && StartData(length) is { } violation)
        {
            return violation;
        }

        _inPayload = true;
        _payloadRemaining = length;
        _maskOffset = 0;
        _controlLength = 0;
        return null;
    }

    private ClientFrame? StartData(long length)
    {
        if (_opcode == Opcodes.Continuation && _messageOpcode == 0)
        {
            return Violation(WebSocketCloseStatus.ProtocolError, "continuation frame without a message to continue");
        }

        if (_opcode != Opcodes.Continuation && _messageOpcode != 0)
        {
            return Violation(WebSocketCloseStatus.ProtocolError, "new message before the previous one's final fragment");
        }

        // Checked before any payload is buffered, so an oversized message costs nothing to refuse.
        if (length < 0 || length > maxMessageSize - _messageLength)
        {
            return Violation(WebSocketCloseStatus.MessageTooBig, $"message exceeds {maxMessageSize} bytes (Server:MaxMessageSize)");
        }

        if (_opcode != Opcodes.Continuation)
        {
            _messageOpcode = _opcode;
            _messageLength = 0;
        }

        var needed = _messageLength + (int)length;
        if (_message is null || _message.Length < needed)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 256));
            _message?.AsSpan(0, _messageLength).CopyTo(grown);
            Release();
            _message = grown;
        }

        return null;
    }

    private ClientFrame CompleteFrame()
    {
        _inPayload = false;
        _headerLength = 0;
        _headerNeeded = 2;
        switch (_opcode)
        {
            case Opcodes.Ping:
                return new ClientFrame(ClientFrameKind.Ping, _control.AsMemory(0, _controlLength).ToArray());
            case Opcodes.Pong:
                return ClientFrame.None;
            case Opcodes.Close:
                return ReadClose();
        }

        if (!_final)
        {
            return ClientFrame.None;
        }

        var payload = _message.AsSpan(0, _messageLength);
        var isText = _messageOpcode == Opcodes.Text;
        _messageOpcode = 0;
        _messageLength = 0;
        if (isText && !Utf8.IsValid(payload))
        {
            return Violation(WebSocketCloseStatus.InvalidPayloadData, "text message is not valid UTF-8");
        }

        var message = new ClientFrame(isText ? ClientFrameKind.Text : ClientFrameKind.Binary, payload.ToArray());
        Release();
        return message;
    }

    private ClientFrame ReadClose()
    {
        var payload = _control.AsSpan(0, _controlLength);
        if (payload.Length == 0)
        {
            return ClientFrame.Closed(WebSocketCloseStatus.NormalClosure, "");
        }

        if (payload.Length == 1)
        {
            return Violation(WebSocketCloseStatus.ProtocolError, "close frame with a 1-byte payload");
        }

        var code = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!IsValidCloseCode(code))
        {
            return Violation(WebSocketCloseStatus.ProtocolError, $"invalid close code {code}");
        }

        if (!Utf8.IsValid(payload[2..]))
        {
            return Violation(WebSocketCloseStatus.InvalidPayloadData, "close reason is not valid UTF-8");
        }

        return ClientFrame.Closed((WebSocketCloseStatus)code, "");
    }

    private void Unmask(ReadOnlySpan<byte> masked, Span<byte> destination)
    {
        var mask = _header.AsSpan(_headerNeeded - 4, 4);
        for (var i = 0; i < masked.Length; i++)
        {
            destination[i] = (byte)(masked[i] ^ mask[(_maskOffset + i) & 3]);
        }

        _maskOffset = (_maskOffset + masked.Length) & 3;
    }

    private static bool IsControl(byte opcode) => opcode >= Opcodes.Close;

    // RFC 6455 §7.4: 1000–1003 and 1007–1011 are defined for the wire, 3000–4999 belong to applications.
    private static bool IsValidCloseCode(ushort code) => code is (>= 1000 and <= 1003) or (>= 1007 and <= 1011) or (>= 3000 and <= 4999);

    private static ClientFrame Violation(WebSocketCloseStatus status, string reason) => ClientFrame.Closed(status, reason, isViolation: true);
}
