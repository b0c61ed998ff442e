using System.Text;

namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// An incremental <c>text/event-stream</c> reader that keeps what the framework's <c>SseParser</c> hides from the
/// doctor: comment lines (heartbeats), whether each event carried its own <c>id:</c>, and when each event's
/// last byte arrived. Not thread-safe: one reader per stream.
/// </summary>
internal sealed class SseEventReader
{
    /// <summary>A line longer than this is not an SSE stream worth reading on; the rest is dropped.</summary>
    private const int MaxLineBytes = 1024 * 1024;

    private readonly List<byte> _line = [];
    private readonly StringBuilder _data = new();
    private readonly List<ReceivedMessage> _events = [];
    private string? _id;
    private bool _hasData;

    public IReadOnlyList<ReceivedMessage> Events => _events;

    public int Comments { get; private set; }

    /// <summary>Reads the bytes that arrived at <paramref name="at"/>; events completed by them are stamped with that time.</summary>
    public void Append(ReadOnlySpan<byte> bytes, TimeSpan at)
    {
        foreach (var b in bytes)
        {
            if (b == (byte)'\n')
            {
                var line = _line.Count > 0 && _line[^1] == (byte)'\r' ? _line.GetRange(0, _line.Count - 1) : _line;
                ReadLine(Encoding.UTF8.GetString([.. line]), at);
                _line.Clear();
            }
            else if (_line.Count < MaxLineBytes)
            {
                _line.Add(b);
            }
        }
    }

    private void ReadLine(string line, TimeSpan at)
    {
        if (line.Length == 0)
        {
            if (_hasData)
            {
                _events.Add(new ReceivedMessage(at, _id, _data.ToString()));
            }

            (_id, _hasData) = (null, false);
            _data.Clear();
            return;
        }

        if (line[0] == ':')
        {
            Comments++;
            return;
        }

        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? "" : line[(colon + 1)..];
        value = value.StartsWith(' ') ? value[1..] : value;
        switch (field)
        {
            case "id":
                _id = value;
                break;
            case "data":
                if (_hasData)
                {
                    _data.Append('\n');
                }

                _data.Append(value);
                _hasData = true;
                break;
        }
    }
}
