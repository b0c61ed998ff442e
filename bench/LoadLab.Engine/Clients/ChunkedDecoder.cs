namespace LoadLab.Engine.Clients;

/// <summary>
/// Decodes an HTTP/1.1 <c>chunked</c> body as it arrives, read by read: the chunk framing (hex size, extensions,
/// CRLFs, trailers) is dropped and the data copied out. Its state carries over between reads, so a read may end
/// anywhere, inside a size line as well. Not thread-safe: one connection's receive loop owns it.
/// </summary>
internal sealed class ChunkedDecoder
{
    private const long MaxChunkSize = 1L << 40;

    private State _state = State.Size;
    private long _remaining;
    private bool _sawDigit;
    private bool _lineHasContent;

    private enum State
    {
        Size,
        Extension,
        Data,
        DataEnd,
        Trailer,
        Done,
    }

    /// <summary>Whether the last chunk and its trailers have arrived: the body is complete.</summary>
    public bool Ended => _state == State.Done;

    /// <summary>Decodes <paramref name="input"/> into <paramref name="output"/> (at least as long); returns the data bytes written.</summary>
    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var written = 0;
        var i = 0;
        while (i < input.Length && _state != State.Done)
        {
            switch (_state)
            {
                case State.Size:
                    var b = input[i++];
                    if (HexValue(b) is var digit and >= 0)
                    {
                        _remaining = (_remaining << 4) | (uint)digit;
                        _sawDigit = true;
                        if (_remaining > MaxChunkSize)
                        {
                            throw Malformed("a chunk size beyond 1 TiB");
                        }
                    }
                    else if (b is (byte)';' or (byte)' ' or (byte)'\t' or (byte)'\r')
                    {
                        _state = State.Extension;
                    }
                    else if (b == (byte)'\n')
                    {
                        EndSizeLine();
                    }
                    else
                    {
                        throw Malformed($"byte 0x{b:x2} in a chunk size");
                    }

                    break;
                case State.Extension:
                    if (input[i++] == (byte)'\n')
                    {
                        EndSizeLine();
                    }

                    break;
                case State.Data:
                    var take = (int)Math.Min(_remaining, input.Length - i);
                    input.Slice(i, take).CopyTo(output[written..]);
                    written += take;
                    i += take;
                    _remaining -= take;
                    if (_remaining == 0)
                    {
                        _state = State.DataEnd;
                    }

                    break;
                case State.DataEnd:
                    // The CRLF after a chunk's data.
                    if (input[i++] == (byte)'\n')
                    {
                        _state = State.Size;
                    }

                    break;
                case State.Trailer:
                    // Trailer lines after the last chunk, up to an empty one.
                    var t = input[i++];
                    if (t == (byte)'\n')
                    {
                        _state = _lineHasContent ? State.Trailer : State.Done;
                        _lineHasContent = false;
                    }
                    else if (t != (byte)'\r')
                    {
                        _lineHasContent = true;
                    }

                    break;
            }
        }

        return written;
    }

    private void EndSizeLine()
    {
        if (!_sawDigit)
        {
            throw Malformed("a chunk size line without a size");
        }

        _state = _remaining == 0 ? State.Trailer : State.Data;
        _sawDigit = false;
        _lineHasContent = false;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static HttpIOException Malformed(string what) => new(HttpRequestError.InvalidResponse, $"malformed chunked response: {what}");
}
