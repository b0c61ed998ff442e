using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LoadLab.Server.Front;

/// <summary>
/// The output side of a push connection the front serves: bytes go to the kernel with one non-blocking
/// <c>send()</c> on the calling thread, so a fan-out round costs one system call per connection and no
/// thread-pool hop. What the kernel does not take at once (a client reading slower than it is sent to) waits
/// here, in order, and goes out asynchronously; meanwhile <see cref="IsBusy"/> tells the sender to leave the
/// connection's messages in its subscriber's bounded queue, where the backpressure policy applies.
/// Thread-safe: writes from any thread keep their order, and each write's bytes stay together.
/// </summary>
internal sealed class SocketWire
{
    // The sender adds no batch while the wire is busy, so only control frames (pongs, the close) are added then:
    // a client that pings without reading reaches this and is cut.
    private const int MaxAddedWhileBusy = 1024 * 1024;

    private readonly Socket _socket;
    private readonly Action _drained;
    // On Linux a write goes to the descriptor itself (Libc.Send); -1 elsewhere. Safe without the socket's handle
    // counting: the descriptor is written only under _gate while the wire is not broken, and Close breaks the wire
    // under _gate before the socket closes it, so a write never reaches a descriptor the kernel gave someone else.
    private readonly int _descriptor;
    private readonly Lock _gate = new();
    private byte[]? _pending;
    // A pending array replaced while a send still reads it: back to the pool once that send completes.
    private byte[]? _retired;
    private int _pendingStart;
    private int _pendingEnd;
    private int _addedWhileBusy;
    private ValueTaskAwaiter<int> _inFlight;
    private Action? _onSent;
    private bool _flushing;
    private bool _broken;

    public SocketWire(Socket socket, Action drained)
    {
        _socket = socket;
        _drained = drained;
        _descriptor = OperatingSystem.IsLinux() ? (int)socket.SafeHandle.DangerousGetHandle() : -1;
    }

    /// <summary>
    /// Whether earlier bytes are still waiting for the kernel. Read without the lock: a stale answer costs the sender at
    /// most a round (the drain pokes the subscriber) or one batch queued behind the bytes in flight.
    /// </summary>
    public bool IsBusy => Volatile.Read(ref _flushing);

    /// <summary>Hands <paramref name="data"/> to the kernel, or queues what it did not take.</summary>
    public WireWrite Write(ReadOnlySpan<byte> data)
    {
        var result = WriteCore(data, out var startFlush);
        if (startFlush)
        {
            // Outside the lock: the flush may complete at once and call back into the connection.
            Flush();
        }

        return result;
    }

    private WireWrite WriteCore(ReadOnlySpan<byte> data, out bool startFlush)
    {
        startFlush = false;
        lock (_gate)
        {
            if (_broken)
            {
                return WireWrite.Broken;
            }

            if (!_flushing)
            {
                int sent;
                SocketError error;
                try
                {
                    sent = SendNow(data, out error);
                }
                catch (ObjectDisposedException)
                {
                    _broken = true;
                    return WireWrite.Broken;
                }

                if (error == SocketError.WouldBlock)
                {
                    sent = 0;
                }
                else if (error != SocketError.Success)
                {
                    _broken = true;
                    return WireWrite.Broken;
                }

                if (sent == data.Length)
                {
                    return WireWrite.Sent;
                }

                data = data[sent..];
                Volatile.Write(ref _flushing, true);
                Append(data);
                startFlush = true;
                return WireWrite.Queued;
            }

            _addedWhileBusy += data.Length;
            if (_addedWhileBusy > MaxAddedWhileBusy)
            {
                _broken = true;
                return WireWrite.Broken;
            }

            Append(data);
            return WireWrite.Queued;
        }
    }

    /// <summary>Breaks the wire for good; the connection calls it before it closes the socket.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _broken = true;
        }
    }

    /// <summary>One non-blocking send, under the lock of a wire that is not broken.</summary>
    private int SendNow(ReadOnlySpan<byte> data, out SocketError error)
    {
        if (_descriptor < 0)
        {
            return _socket.Send(data, SocketFlags.None, out error);
        }

        while (true)
        {
            var sent = Libc.Send(_descriptor, data, (nuint)data.Length, Libc.DontWait | Libc.NoSignal);
            if (sent >= 0)
            {
                error = SocketError.Success;
                return (int)sent;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.Interrupted)
            {
                error = errno == Libc.WouldBlock ? SocketError.WouldBlock : SocketError.SocketError;
                return 0;
            }
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        var length = _pendingEnd - _pendingStart;
        if (_pending is null || _pendingEnd + data.Length > _pending.Length)
        {
            // The bytes in flight stay at the front, so the send's completion still advances over the right ones.
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(4096, (length + data.Length) * 2));
            if (_pending is not null)
            {
                _pending.AsSpan(_pendingStart, length).CopyTo(grown);
                if (_retired is null)
                {
                    // The send in flight (there is one while anything is pending) may still read it.
                    _retired = _pending;
                }
                else
                {
                    // Replaced before the send in flight completed: only the first array is read by it.
                    ArrayPool<byte>.Shared.Return(_pending);
                }
            }

            _pending = grown;
            _pendingStart = 0;
            _pendingEnd = length;
        }

        data.CopyTo(_pending.AsSpan(_pendingEnd));
        _pendingEnd += data.Length;
    }

    /// <summary>
    /// Sends what is pending until it is all out, then tells the connection. Written with the socket's own reusable
    /// awaitable and one cached callback rather than an async method: a client that lags again and again costs no
    /// allocation each time.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2012", Justification = "Each send's result is read exactly once: at once when it completed synchronously, else in its completion callback.")]
    private void Flush()
    {
        while (TryNextChunk(out var chunk))
        {
            ValueTask<int> send;
            try
            {
                send = _socket.SendAsync(chunk, SocketFlags.None);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                Break();
                break;
            }

            if (!send.IsCompleted)
            {
                _inFlight = send.GetAwaiter();
                _inFlight.UnsafeOnCompleted(_onSent ??= OnSent);
                return;
            }

            if (!TryAdvance(send.GetAwaiter()))
            {
                break;
            }
        }

        _drained();
    }

    private void OnSent()
    {
        var send = _inFlight;
        _inFlight = default;
        if (TryAdvance(send))
        {
            Flush();
        }
        else
        {
            _drained();
        }
    }

    private bool TryNextChunk(out ReadOnlyMemory<byte> chunk)
    {
        lock (_gate)
        {
            ReturnRetired();
            if (_pendingEnd == _pendingStart || _broken)
            {
                // Drained: an idle connection holds no buffer.
                ReturnPending();
                _addedWhileBusy = 0;
                Volatile.Write(ref _flushing, false);
                chunk = default;
                return false;
            }

            chunk = _pending.AsMemory(_pendingStart, _pendingEnd - _pendingStart);
            return true;
        }
    }

    private bool TryAdvance(ValueTaskAwaiter<int> send)
    {
        int sent;
        try
        {
            sent = send.GetResult();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Break();
            return false;
        }

        lock (_gate)
        {
            _pendingStart += sent;
        }

        return true;
    }

    private void Break()
    {
        lock (_gate)
        {
            _broken = true;
            ReturnRetired();
            ReturnPending();
            Volatile.Write(ref _flushing, false);
        }
    }

    private void ReturnPending()
    {
        if (_pending is not null)
        {
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = null;
        }

        _pendingStart = _pendingEnd = 0;
    }

    private void ReturnRetired()
    {
        if (_retired is not null)
        {
            ArrayPool<byte>.Shared.Return(_retired);
            _retired = null;
        }
    }
}

/// <summary>What became of a <see cref="SocketWire.Write"/>.</summary>
internal enum WireWrite
{
    /// <summary>The kernel took every byte.</summary>
    Sent,

    /// <summary>Some or all bytes wait in the wire and go out when the client reads.</summary>
    Queued,

    /// <summary>The connection is broken (reset, closed, or too far behind); nothing more goes out.</summary>
    Broken,
}
