using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LoadLab.Engine.Clients.Receiving;

/// <summary>
/// One thread that reads many connections: it waits on an epoll set, and for every socket a wake-up reports readable
/// it makes one <c>recv</c> into the loop's buffer and hands the bytes to the connection's <see cref="IReceiveHandler"/>,
/// which parses and records them there. The runtime's socket engine instead wakes a thread-pool work item and an async
/// continuation per readable socket: at 10,000 connections that hop, not the parsing, was most of the engine's cost
/// per message. The set is level-triggered, so a socket with more than one read's worth waits for the next round and
/// every connection gets its turn.
/// <para>
/// Connections attach from any thread and leave on the loop's thread: when their handler pauses or ends, the peer
/// closes, a read fails, or the client stops (then through a queue and an eventfd that wakes the loop). Only the
/// socket's descriptor is used: the connection's <see cref="Socket"/> (registered with the runtime for its connect and
/// handshake) stays open until it has left, for the loop holds a reference to its handle.
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
    private readonly ConcurrentQueue<Attachment> _stopping = new();
    private readonly Lock _slotsLock = new();
    private readonly Stack<int> _freeSlots = new();
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true);
    private Attachment?[] _slots = new Attachment?[256];
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

        Control(Libc.EpollAdd, _wake, Libc.EpollIn, WakeData);
        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>
    /// Reads <paramref name="socket"/> on the loop until its handler pauses or ends, the peer closes it, or
    /// <paramref name="stop"/> is cancelled; a failed read throws an <see cref="IOException"/>.
    /// </summary>
    public async Task<LoopExit> ReceiveAsync(Socket socket, IReceiveHandler handler, CancellationToken stop)
    {
        var attachment = Attach(socket, handler);
        await using (stop.UnsafeRegister(static state => ((Attachment)state!).Loop.RequestStop((Attachment)state), attachment).ConfigureAwait(false))
        {
            return await attachment.Exit.Task.ConfigureAwait(false);
        }
    }

    private Attachment Attach(Socket socket, IReceiveHandler handler)
    {
        var handle = socket.SafeHandle;
        var added = false;
        handle.DangerousAddRef(ref added);
        var attachment = new Attachment(this, handle, (int)handle.DangerousGetHandle(), handler);
        lock (_slotsLock)
        {
            if (!_freeSlots.TryPop(out attachment.Slot))
            {
                if (_usedSlots == _slots.Length)
                {
                    var grown = new Attachment?[_slots.Length * 2];
                    _slots.CopyTo(grown, 0);
                    Volatile.Write(ref _slots, grown);
                }

                attachment.Slot = _usedSlots++;
            }

            attachment.Generation = ++_generation;
            attachment.Attached = true;
            _slots[attachment.Slot] = attachment;
        }

        if (!TryControl(Libc.EpollAdd, attachment.Fd, Libc.EpollIn | Libc.EpollPeerClosed, attachment.Data, out var error))
        {
            lock (_slotsLock)
            {
                Release(attachment);
            }

            throw new IOException($"the receive loop could not watch the socket: {Marshal.GetPInvokeErrorMessage(error)}");
        }

        return attachment;
    }

    private unsafe void RequestStop(Attachment attachment)
    {
        _stopping.Enqueue(attachment);
        ulong one = 1;
        Libc.Write(_wake, (byte*)&one, sizeof(ulong));
    }

    private unsafe void Run()
    {
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * Libc.EpollEventSize));
        while (true)
        {
            var ready = Libc.EpollWait(_epoll, events, MaxEvents, -1);
            if (ready < 0)
            {
                // Interrupted by a signal: wait again. Nothing else can fail on a valid epoll set.
                continue;
            }

            var slots = Volatile.Read(ref _slots);
            for (var i = 0; i < ready; i++)
            {
                var data = Unsafe.ReadUnaligned<ulong>(events + (i * Libc.EpollEventSize) + Libc.EpollDataOffset);
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

                if (slots[slot] is { } attachment && attachment.Generation == (uint)(data >> 32) && attachment.Attached)
                {
                    Serve(attachment);
                }
            }
        }
    }

    /// <summary>One read of a ready socket, parsed by its handler.</summary>
    private unsafe void Serve(Attachment attachment)
    {
        var handler = attachment.Handler;
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
            nint read;
            fixed (byte* start = buffer)
            {
                read = Libc.Receive(attachment.Fd, start + carried, (nuint)(buffer.Length - carried), Libc.DontWait);
            }

            if (read < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error is not (Libc.WouldBlock or Libc.Interrupted))
                {
                    Leave(attachment, LoopExit.Ended, new IOException($"the connection failed: {Marshal.GetPInvokeErrorMessage(error)}"));
                }

                return;
            }

            if (read == 0)
            {
                Leave(attachment, LoopExit.Ended);
                return;
            }

            handler.MoveCarry(buffer);
            var action = handler.OnReceived(buffer.AsSpan(0, carried + (int)read), carried);
            if (action != ReceiveAction.Continue)
            {
                Leave(attachment, action == ReceiveAction.Pause ? LoopExit.Paused : LoopExit.Ended);
            }
        }
        catch (Exception ex)
        {
            // The stream broke its protocol (a malformed chunk, an event without an end): the client reports it.
            Leave(attachment, LoopExit.Ended, ex);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private unsafe void StopRequested()
    {
        ulong count;
        Libc.Read(_wake, (byte*)&count, sizeof(ulong));
        while (_stopping.TryDequeue(out var attachment))
        {
            Leave(attachment, LoopExit.Stopped);
        }
    }

    /// <summary>Takes a connection off the loop (on the loop's thread) and tells its client why.</summary>
    private void Leave(Attachment attachment, LoopExit exit, Exception? failure = null)
    {
        lock (_slotsLock)
        {
            if (!attachment.Attached)
            {
                return;
            }

            TryControl(Libc.EpollDelete, attachment.Fd, 0, 0, out _);
            Release(attachment);
        }

        if (failure is null)
        {
            attachment.Exit.SetResult(exit);
        }
        else
        {
            attachment.Exit.SetException(failure);
        }
    }

    /// <summary>Frees the slot and the handle; under the slots' lock.</summary>
    private void Release(Attachment attachment)
    {
        attachment.Attached = false;
        _slots[attachment.Slot] = null;
        _freeSlots.Push(attachment.Slot);
        attachment.Handle.DangerousRelease();
    }

    private void Control(int operation, int fd, uint events, ulong data)
    {
        if (!TryControl(operation, fd, events, data, out var error))
        {
            throw new InvalidOperationException($"epoll_ctl failed: {Marshal.GetPInvokeErrorMessage(error)}");
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

    /// <summary>One stay of a connection on the loop.</summary>
    private sealed class Attachment(ReceiveLoop loop, SafeHandle handle, int fd, IReceiveHandler handler)
    {
        public ReceiveLoop Loop { get; } = loop;

        public SafeHandle Handle { get; } = handle;

        public int Fd { get; } = fd;

        public IReceiveHandler Handler { get; } = handler;

        public TaskCompletionSource<LoopExit> Exit { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Slot;

        public uint Generation;

        /// <summary>Changed under the loop's slot lock only.</summary>
        public bool Attached;

        public ulong Data => ((ulong)Generation << 32) | (uint)Slot;
    }
}
