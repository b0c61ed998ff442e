using System.Buffers;

namespace LoadLab.Server.Endpoints.WebSockets;

/// <summary>
/// The frames of one write: every message a subscriber has waiting goes out in one write to Kestrel, so a
/// subscriber that fell behind catches up with one send, not one per message. The buffer is pooled and
/// handed back after each write: an idle connection holds none.
/// </summary>
internal sealed class FrameBatch : IDisposable
{
    private const int InitialSize = 4096;

    private byte[]? _buffer;
    private int _length;

    /// <summary>Bytes gathered so far.</summary>
    public int Length => _length;

    /// <summary>The gathered frames, valid until <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public void Add(byte opcode, ReadOnlySpan<byte> payload)
    {
        var needed = _length + ServerFrames.Length(payload.Length);
        if (_buffer is null || _buffer.Length < needed)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer is null ? InitialSize : _buffer.Length * 2));
            _buffer?.AsSpan(0, _length).CopyTo(grown);
            Return();
            _buffer = grown;
        }

        _length += ServerFrames.Write(_buffer.AsSpan(_length), opcode, payload);
    }

    /// <summary>Forgets the gathered frames and hands the buffer back to the pool.</summary>
    public void Clear()
    {
        Return();
        _length = 0;
    }

    public void Dispose() => Clear();

    private void Return()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
