namespace LoadLab.Server.Front;

/// <summary>
/// The bytes of one write to one connection, built by a <see cref="PushFraming"/>: everything its subscriber has
/// waiting, up to about <see cref="TargetBytes"/>, so a subscriber that fell behind catches up with one
/// <c>send()</c>. A framing may reserve room before the content for a header it can write only at the end (an
/// HTTP chunk's size). One batch is reused for every connection the sender serves; it grows only for a message
/// larger than its buffer. Not thread-safe.
/// </summary>
internal sealed class SendBatch
{
    public const int TargetBytes = 64 * 1024;

    private byte[] _buffer;
    private int _start;
    private int _contentStart;
    private int _end;

    /// <param name="initialSize">The buffer's first size: a full batch and room for one more message, unless the batch is known to be small.</param>
    public SendBatch(int initialSize = TargetBytes + 4096)
    {
        _buffer = new byte[initialSize];
    }

    /// <summary>The bytes to send.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Bytes added since <see cref="Reset"/>, not counting the reserved room.</summary>
    public int ContentLength => _end - _contentStart;

    /// <summary>Empties the batch, keeping <paramref name="reserve"/> bytes free in front of the content.</summary>
    public void Reset(int reserve)
    {
        _start = _contentStart = _end = reserve;
    }

    /// <summary>Room for <paramref name="size"/> more bytes; <see cref="Advance"/> says how many were written.</summary>
    public Span<byte> GetSpan(int size)
    {
        if (_end + size > _buffer.Length)
        {
            var grown = new byte[Math.Max(_buffer.Length * 2, _end + size)];
            _buffer.AsSpan(0, _end).CopyTo(grown);
            _buffer = grown;
        }

        return _buffer.AsSpan(_end, size);
    }

    public void Advance(int count) => _end += count;

    public void Add(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _end += bytes.Length;
    }

    /// <summary>Writes <paramref name="prefix"/> into the reserved room, directly before the content.</summary>
    public void Prefix(ReadOnlySpan<byte> prefix)
    {
        _start = _contentStart - prefix.Length;
        prefix.CopyTo(_buffer.AsSpan(_start));
    }
}
