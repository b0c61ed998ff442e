using System.Buffers;
using System.Text;

namespace LoadLab.Engine.Clients;

/// <summary>Receives the events an <see cref="SseEventParser"/> dispatches; the spans are valid during the call only.</summary>
internal interface ISseEventSink
{
    void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data);
}

/// <summary>
/// Parses a <c>text/event-stream</c> in place, as the HTML standard's <c>EventSource</c> does: lines ending in CRLF,
/// LF or CR; <c>data</c> lines joined with LF; <c>id</c> (without NUL) kept as the last event id when its event is
/// dispatched at the blank line that ends it; <c>event</c>; <c>retry</c> in milliseconds; comments ignored. Only whole
/// events are taken: what follows the last one is left for the caller to carry to the next read, and the last event
/// id never names an event that did not arrive whole. No allocation per event (an event of several data lines joins
/// them in a pooled buffer). Not thread-safe: one connection's receive loop owns it.
/// </summary>
internal sealed class SseEventParser
{
    private static ReadOnlySpan<byte> DefaultType => "message"u8;

    /// <summary>Room for an id as long as a Guid and then some; a longer id grows it.</summary>
    private byte[] _lastEventId = new byte[40];
    private int _lastEventIdLength = -1;

    /// <summary>The last event id, or null before any event brought one.</summary>
    public string? LastEventId => _lastEventIdLength < 0 ? null : Encoding.UTF8.GetString(_lastEventId, 0, _lastEventIdLength);

    /// <summary>The reconnection time the stream asked for (<c>retry:</c>), if it did.</summary>
    public TimeSpan? Retry { get; private set; }

    /// <summary>Dispatches every whole event in <paramref name="stream"/> to <paramref name="sink"/>; returns the bytes they took.</summary>
    public int Parse(ReadOnlySpan<byte> stream, ISseEventSink sink)
    {
        var consumed = 0;
        var position = 0;
        var evt = new PendingEvent();
        try
        {
            while (NextLine(stream[position..], out var line, out var lineLength))
            {
                position += lineLength;
                if (line.IsEmpty)
                {
                    Dispatch(stream, ref evt, sink);
                    evt.Reset();
                    consumed = position;
                    continue;
                }

                if (line[0] == (byte)':')
                {
                    continue;
                }

                var colon = line.IndexOf((byte)':');
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? [] : line[(colon + 1)..];
                if (!value.IsEmpty && value[0] == (byte)' ')
                {
                    value = value[1..];
                }

                var valueStart = position - lineLength + (line.Length - value.Length);
                if (field.SequenceEqual("data"u8))
                {
                    evt.AddData(stream, valueStart, value.Length);
                }
                else if (field.SequenceEqual("id"u8))
                {
                    if (value.IndexOf((byte)0) < 0)
                    {
                        (evt.IdStart, evt.IdLength) = (valueStart, value.Length);
                    }
                }
                else if (field.SequenceEqual("event"u8))
                {
                    (evt.TypeStart, evt.TypeLength) = (valueStart, value.Length);
                }
                else if (field.SequenceEqual("retry"u8) && !value.IsEmpty && value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
                    && long.TryParse(value, out var milliseconds))
                {
                    Retry = TimeSpan.FromMilliseconds(milliseconds);
                }
            }
        }
        finally
        {
            evt.Release();
        }

        return consumed;
    }

    /// <summary>The next line and its length with its end (CRLF, LF, or CR not at the end of what arrived, which may be a CRLF cut in two).</summary>
    private static bool NextLine(ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> line, out int length)
    {
        var end = rest.IndexOfAny((byte)'\r', (byte)'\n');
        if (end < 0 || (rest[end] == (byte)'\r' && end == rest.Length - 1))
        {
            line = default;
            length = 0;
            return false;
        }

        line = rest[..end];
        length = end + (rest[end] == (byte)'\r' && rest[end + 1] == (byte)'\n' ? 2 : 1);
        return true;
    }

    private void Dispatch(ReadOnlySpan<byte> stream, ref PendingEvent evt, ISseEventSink sink)
    {
        if (evt.IdStart >= 0)
        {
            if (evt.IdLength > _lastEventId.Length)
            {
                _lastEventId = new byte[evt.IdLength];
            }

            stream.Slice(evt.IdStart, evt.IdLength).CopyTo(_lastEventId);
            _lastEventIdLength = evt.IdLength;
        }

        if (evt.DataLines > 0)
        {
            sink.OnEvent(evt.TypeStart >= 0 ? stream.Slice(evt.TypeStart, evt.TypeLength) : DefaultType, evt.Data(stream));
        }
    }

    /// <summary>The fields of the event being read: where in the stream they are; several data lines are joined in a pooled buffer.</summary>
    private struct PendingEvent()
    {
        public int IdStart = -1;
        public int IdLength;
        public int TypeStart = -1;
        public int TypeLength;
        public int DataLines;
        private int _dataStart;
        private int _dataLength;
        private byte[]? _joined;
        private int _joinedLength;

        public void AddData(ReadOnlySpan<byte> stream, int start, int length)
        {
            if (DataLines++ == 0)
            {
                (_dataStart, _dataLength) = (start, length);
                return;
            }

            var needed = (_joined is null ? _dataLength : _joinedLength) + 1 + length;
            if (_joined is null || needed > _joined.Length)
            {
                var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 256));
                if (_joined is null)
                {
                    stream.Slice(_dataStart, _dataLength).CopyTo(grown);
                    _joinedLength = _dataLength;
                }
                else
                {
                    _joined.AsSpan(0, _joinedLength).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(_joined);
                }

                _joined = grown;
            }

            _joined[_joinedLength++] = (byte)'\n';
            stream.Slice(start, length).CopyTo(_joined.AsSpan(_joinedLength));
            _joinedLength += length;
        }

        public readonly ReadOnlySpan<byte> Data(ReadOnlySpan<byte> stream) =>
            _joined is null ? stream.Slice(_dataStart, _dataLength) : _joined.AsSpan(0, _joinedLength);

        public void Reset()
        {
            Release();
            this = new PendingEvent();
        }

        public void Release()
        {
            if (_joined is not null)
            {
                ArrayPool<byte>.Shared.Return(_joined);
                _joined = null;
            }
        }
    }
}
