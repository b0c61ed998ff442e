using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace LoadLab.Engine.Clients.Receiving;

/// <summary>
/// A client's TCP connection whose every wait is on a <see cref="ReceiveLoop"/>, never on the runtime's socket engine:
/// connect, the handshake's reads and writes, and then the stream itself, read by the loop through the connection's
/// <see cref="IReceiveHandler"/>. A socket the runtime has waited on once stays in the runtime's own epoll set for good,
/// and its thread then woke for every message as well as the loop (half the engine's cost per message, measured), so
/// the socket is non-blocking from the start and its system calls are made here.
/// <para>
/// Waits are level-triggered and one-shot while the handshake runs (armed when a call would block, so nothing that
/// arrived meanwhile is missed); while a handler is attached the socket stays armed for input. The state is guarded
/// by the socket's lock; the handler itself runs on the loop's thread only.
/// </para>
/// </summary>
internal sealed class LoopSocket : IDisposable
{
    private const uint InputEvents = Libc.EpollIn | Libc.EpollPeerClosed;
    private const uint FailureEvents = Libc.EpollError | Libc.EpollHangUp;

    private readonly Lock _lock = new();
    private readonly Socket _socket;
    private TaskCompletionSource? _readable;
    private TaskCompletionSource? _writable;
    private TaskCompletionSource<LoopExit>? _exit;
    private uint _armed;
    private bool _added;
    private bool _disposed;

    public LoopSocket(ReceiveLoop loop, Socket socket)
    {
        Loop = loop;
        _socket = socket;
        socket.Blocking = false;
        Fd = (int)socket.SafeHandle.DangerousGetHandle();
    }

    public ReceiveLoop Loop { get; }

    public int Fd { get; }

    /// <summary>The loop's slot and its generation, given at registration.</summary>
    public int Slot { get; set; }

    public uint Generation { get; set; }

    /// <summary>Set and cleared under the lock; read by the loop's thread without it.</summary>
    public IReceiveHandler? Handler { get; private set; }

    public unsafe Task ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var bytes = NativeAddress(endpoint);
        int result;
        fixed (byte* start = bytes)
        {
            result = Libc.Connect(Fd, start, bytes.Length);
        }

        if (result == 0)
        {
            return Task.CompletedTask;
        }

        var error = Marshal.GetLastPInvokeError();
        return error == Libc.InProgress ? ConnectedAsync(cancellationToken) : Task.FromException(Failure(error));
    }

    /// <summary>Reads what the socket has into <paramref name="buffer"/>, waiting for it if there is nothing yet; 0 at the end of the stream. An empty buffer only waits.</summary>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!buffer.IsEmpty && TryReceive(buffer.Span, out var read))
            {
                return read;
            }

            await WaitAsync(input: true, cancellationToken).ConfigureAwait(false);
            if (buffer.IsEmpty)
            {
                return 0;
            }
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = TrySend(data.Span);
            if (sent > 0)
            {
                data = data[sent..];
            }
            else
            {
                await WaitAsync(input: false, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Hands the stream to the loop: <paramref name="handler"/> gets every read until it pauses or ends, the peer closes
    /// the connection, or <paramref name="stop"/> is cancelled. A failed read throws.
    /// </summary>
    public async Task<LoopExit> ReceiveOnLoopAsync(IReceiveHandler handler, CancellationToken stop)
    {
        var exit = new TaskCompletionSource<LoopExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (Handler is not null || _readable is not null)
            {
                throw new InvalidOperationException("the connection is being read already");
            }

            (Handler, _exit) = (handler, exit);
            Arm();
        }

        await using (stop.UnsafeRegister(static (state, _) => ((LoopSocket)state!).Loop.RequestStop((LoopSocket)state), this).ConfigureAwait(false))
        {
            return await exit.Task.ConfigureAwait(false);
        }
    }

    /// <summary>On the loop's thread: the epoll events of a wake-up.</summary>
    public void OnEvents(uint events)
    {
        if (Handler is { } handler && _writable is null)
        {
            Loop.Serve(this, handler);
            return;
        }

        TaskCompletionSource? readable = null, writable = null;
        var serve = false;
        lock (_lock)
        {
            if ((_armed & Libc.EpollOneShot) != 0)
            {
                // A one-shot registration is disabled once it has reported.
                _armed = 0;
            }

            if ((events & (Libc.EpollOut | FailureEvents)) != 0)
            {
                (writable, _writable) = (_writable, null);
            }

            if ((events & (InputEvents | FailureEvents)) != 0)
            {
                (readable, _readable) = (_readable, null);
                serve = Handler is not null;
            }

            if (!_disposed)
            {
                Arm();
            }
        }

        readable?.TrySetResult();
        writable?.TrySetResult();
        if (serve && Handler is { } attached)
        {
            Loop.Serve(this, attached);
        }
    }

    /// <summary>On the loop's thread: the handler is done with the stream (or the client stopped), and its client learns why.</summary>
    public void Leave(LoopExit exit, Exception? failure = null)
    {
        TaskCompletionSource<LoopExit>? waiting;
        lock (_lock)
        {
            (Handler, waiting, _exit) = (null, _exit, null);
            if (!_disposed)
            {
                Arm();
            }
        }

        if (failure is null)
        {
            waiting?.TrySetResult(exit);
        }
        else
        {
            waiting?.TrySetException(failure);
        }
    }

    public void Dispose()
    {
        TaskCompletionSource? readable, writable;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            (readable, writable, _readable, _writable) = (_readable, _writable, null, null);
            if (_added)
            {
                Loop.Control(Libc.EpollDelete, this, 0);
            }

            Loop.Unregister(this);
        }

        readable?.TrySetException(new ObjectDisposedException(nameof(LoopSocket)));
        writable?.TrySetException(new ObjectDisposedException(nameof(LoopSocket)));
    }

    /// <summary>One non-blocking read; false when it would block. Throws when the connection failed.</summary>
    public unsafe bool TryReceive(Span<byte> buffer, out int read)
    {
        nint result;
        fixed (byte* start = buffer)
        {
            result = Libc.Receive(Fd, start, (nuint)buffer.Length, Libc.DontWait);
        }

        if (result >= 0)
        {
            read = (int)result;
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        read = 0;
        return error is Libc.WouldBlock or Libc.Interrupted ? false : throw Failure(error);
    }

    private unsafe int TrySend(ReadOnlySpan<byte> data)
    {
        nint result;
        fixed (byte* start = data)
        {
            result = Libc.Send(Fd, start, (nuint)data.Length, Libc.DontWait | Libc.NoSignal);
        }

        if (result >= 0)
        {
            return (int)result;
        }

        var error = Marshal.GetLastPInvokeError();
        return error is Libc.WouldBlock or Libc.Interrupted ? 0 : throw Failure(error);
    }

    private async Task ConnectedAsync(CancellationToken cancellationToken)
    {
        await WaitAsync(input: false, cancellationToken).ConfigureAwait(false);
        var error = PendingError();
        if (error != 0)
        {
            throw Failure(error);
        }
    }

    private unsafe int PendingError()
    {
        int error = 0, length = sizeof(int);
        return Libc.GetSocketOption(Fd, Libc.SocketLevel, Libc.SocketErrorOption, &error, &length) == 0 ? error : Marshal.GetLastPInvokeError();
    }

    private async Task WaitAsync(bool input, CancellationToken cancellationToken)
    {
        var ready = new TaskCompletionSource();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (input)
            {
                _readable = ready;
            }
            else
            {
                _writable = ready;
            }

            Arm();
        }

        await using (cancellationToken.UnsafeRegister(static (state, token) => ((TaskCompletionSource)state!).TrySetCanceled(token), ready).ConfigureAwait(false))
        {
            try
            {
                await ready.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A wait given up (a connect timeout) is no wait any more: the socket may be read or written again.
                lock (_lock)
                {
                    _readable = _readable == ready ? null : _readable;
                    _writable = _writable == ready ? null : _writable;
                    if (!_disposed)
                    {
                        Arm();
                    }
                }

                throw;
            }
        }
    }

    /// <summary>Registers what the socket now waits for; under the lock. One-shot unless a handler reads it.</summary>
    private void Arm()
    {
        var wanted = (Handler is not null || _readable is not null ? InputEvents : 0) | (_writable is not null ? Libc.EpollOut : 0);
        var events = wanted == 0 || Handler is null ? wanted | Libc.EpollOneShot : wanted;
        if (events == _armed || (wanted == 0 && _armed == 0))
        {
            return;
        }

        Loop.Control(_added ? Libc.EpollModify : Libc.EpollAdd, this, events);
        (_added, _armed) = (true, events);
    }

    private static SocketException Failure(int errno) => new((int)Libc.ToSocketError(errno));

    /// <summary>A Linux <c>sockaddr_in</c> or <c>sockaddr_in6</c>: family (host order), port (network order), the address.</summary>
    private static byte[] NativeAddress(IPEndPoint endpoint)
    {
        var ipv6 = endpoint.AddressFamily == AddressFamily.InterNetworkV6;
        var address = new byte[ipv6 ? 28 : 16];
        BitConverter.TryWriteBytes(address.AsSpan(0, 2), (ushort)(ipv6 ? Libc.InternetV6 : Libc.Internet));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(address.AsSpan(2, 2), (ushort)endpoint.Port);
        if (ipv6)
        {
            endpoint.Address.TryWriteBytes(address.AsSpan(8, 16), out _);
            BitConverter.TryWriteBytes(address.AsSpan(24, 4), (uint)endpoint.Address.ScopeId);
        }
        else
        {
            endpoint.Address.TryWriteBytes(address.AsSpan(4, 4), out _);
        }

        return address;
    }
}
