using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LoadLab.Engine.Measurement;

namespace LoadLab.Engine.Clients.Receiving;

/// <summary>
/// One thread that reads many connections: it waits on an epoll set, and for every socket a wake-up reports readable
/// it makes one <c>recv</c> into the loop's buffer and hands the bytes to the connection's <see cref="IReceiveHandler"/>,
/// which parses and records them there. The runtime's socket engine instead wakes a thread-pool work item and an async
/// continuation per readable socket. A socket with more than one read's worth waits for the next round, so every
/// connection gets its turn. Connects and handshakes wait here too (<see cref="LoopSocket"/>).
/// <para>
/// A connection's stay with a handler ends on the loop's thread: when the handler pauses or ends, the peer closes, a
/// read fails, or the client stops (then through a queue and an eventfd that wakes the loop).
/// </para>
/// </summary>
internal sealed class ReceiveLoop
{
    /// <summary>Ready sockets taken per wake-up.</summary>
    private const int MaxEvents = 512;

    /// <summary>What one read takes at most: a burst of small messages, or a large one in a few reads.</summary>
    private const int BufferSize = 64 * 1024;

    /// <summary>The epoll data of the loop's eventfd; a connection's data is its slot and generation, never all ones.</summary>
    private const ulong WakeData = ulong.MaxValue;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly ConcurrentQueue<LoopSocket> _stopping = new();
    private readonly Lock _slotsLock = new();
    private readonly Stack<int> _freeSlots = new();
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true);
    private LoopSocket?[] _slots = new LoopSocket?[256];
    private int _usedSlots;
    private uint _generation;

    public ReceiveLoop(string name)
    {
        _epoll = Libc.EpollCreate(Libc.EpollCloseOnExec);
        _wake = Libc.EventFd(0, Libc.EventFdCloseOnExec | Libc.EventFdNonBlocking);
        if (_epoll < 0 || _wake < 0)
        {
            throw new InvalidOperationException($"the receive loop could not start: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        if (!TryControl(Libc.EpollAdd, _wake, Libc.EpollIn, WakeData, out var error))
        {
            throw new InvalidOperationException($"the receive loop could not start: {Marshal.GetPInvokeErrorMessage(error)}");
        }

        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Makes <paramref name="socket"/> (new, not connected) one of this loop's: non-blocking, its waits here.</summary>
    public LoopSocket Register(Socket socket)
    {
        var loopSocket = new LoopSocket(this, socket);
        lock (_slotsLock)
        {
            if (!_freeSlots.TryPop(out var slot))
            {
                if (_usedSlots == _slots.Length)
                {
                    var grown = new LoopSocket?[_slots.Length * 2];
                    _slots.CopyTo(grown, 0);
                    Volatile.Write(ref _slots, grown);
                }

                slot = _usedSlots++;
            }

            (loopSocket.Slot, loopSocket.Generation) = (slot, ++_generation);
            _slots[slot] = loopSocket;
        }

        return loopSocket;
    }

    public void Unregister(LoopSocket socket)
    {
        lock (_slotsLock)
        {
            if (_slots[socket.Slot] == socket)
            {
                _slots[socket.Slot] = null;
                _freeSlots.Push(socket.Slot);
            }
        }
    }

    /// <summary>Sets what epoll reports of <paramref name="socket"/>; a failure is the connection's (its descriptor is gone).</summary>
    public void Control(int operation, LoopSocket socket, uint events)
    {
        if (!TryControl(operation, socket.Fd, events, ((ulong)socket.Generation << 32) | (uint)socket.Slot, out var error))
        {
            throw new IOException($"the receive loop could not watch the connection: {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }

    /// <summary>From any thread: ends <paramref name="socket"/>'s stay with its handler, on the loop's thread.</summary>
    public unsafe void RequestStop(LoopSocket socket)
    {
        _stopping.Enqueue(socket);
        ulong one = 1;
        Libc.Write(_wake, (byte*)&one, sizeof(ulong));
    }

    /// <summary>On the loop's thread: one read of a ready socket, parsed by its handler.</summary>
    public void Serve(LoopSocket socket, IReceiveHandler handler)
    {
        var carried = handler.CarryLength;
        var buffer = _buffer;
        byte[]? rented = null;
        if (carried > BufferSize / 2)
        {
            // A message larger than the loop's buffer arrives over several reads; it gets a buffer of its own.
            rented = ArrayPool<byte>.Shared.Rent(carried + BufferSize);
            buffer = rented;
        }

        try
        {
            if (!socket.TryReceive(buffer.AsSpan(carried), out var read))
            {
                return;
            }

            if (read == 0)
            {
                socket.Leave(LoopExit.Ended);
                return;
            }

            handler.MoveCarry(buffer);
            var action = handler.OnReceived(buffer.AsSpan(0, carried + read), carried);
            if (action != ReceiveAction.Continue)
            {
                socket.Leave(action == ReceiveAction.Pause ? LoopExit.Paused : LoopExit.Ended);
            }
        }
        catch (Exception ex)
        {
            // A failed read, or a stream that broke its protocol (a malformed chunk): the client reports it.
            socket.Leave(LoopExit.Ended, ex);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private unsafe void Run()
    {
        RunRecorder.RecordApartOnThisThread();
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * Libc.EpollEventSize));
        while (true)
        {
            var ready = Libc.EpollWait(_epoll, events, MaxEvents, -1);

            // Fewer than none: interrupted by a signal, so wait again. Nothing else can fail on a valid epoll set.
            var slots = Volatile.Read(ref _slots);
            for (var i = 0; i < ready; i++)
            {
                var entry = events + (i * Libc.EpollEventSize);
                var data = Unsafe.ReadUnaligned<ulong>(entry + Libc.EpollDataOffset);
                if (data == WakeData)
                {
                    StopRequested();
                    continue;
                }

                var slot = (int)(uint)data;
                if (slot >= slots.Length)
                {
                    slots = Volatile.Read(ref _slots);
                }

                if (slots[slot] is { } socket && socket.Generation == (uint)(data >> 32))
                {
                    socket.OnEvents(Unsafe.ReadUnaligned<uint>(entry));
                }
            }
        }
    }

    private unsafe void StopRequested()
    {
        ulong count;
        Libc.Read(_wake, (byte*)&count, sizeof(ulong));
        while (_stopping.TryDequeue(out var socket))
        {
            socket.Leave(LoopExit.Stopped);
        }
    }

    private unsafe bool TryControl(int operation, int fd, uint events, ulong data, out int error)
    {
        var epollEvent = stackalloc byte[16];
        Unsafe.WriteUnaligned(epollEvent, events);
        Unsafe.WriteUnaligned(epollEvent + Libc.EpollDataOffset, data);
        var ok = Libc.EpollControl(_epoll, operation, fd, epollEvent) == 0;
        error = ok ? 0 : Marshal.GetLastPInvokeError();
        return ok;
    }
}
