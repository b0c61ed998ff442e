using System.Net.Sockets;
using System.Net.WebSockets;
using LoadLab.PushCore;
using LoadLab.Server.Endpoints.WebSockets;

namespace LoadLab.Server.Front;

/// <summary>
/// A WebSocket or SSE connection the push front serves on its own socket, past the handshake. Its subscriber is
/// read by the <see cref="PushSender"/>, which frames every waiting message into one batch and writes it with a
/// non-blocking <c>send()</c> (<see cref="SocketWire"/>); the connection itself only reads what the client sends
/// (a WebSocket's frames, or an SSE client's end of stream) and ends the stream as the Kestrel endpoints do:
/// a close frame or the last chunk when the server ends it, a TCP reset when it is dropped. Thread-safe.
/// </summary>
#pragma warning disable CA1001 // The deadline timer is disposed when the connection ends (Release), which the connection decides itself.
internal sealed class DirectPushConnection : ISubscriberReadyListener, IClientConnection
{
    private readonly Socket _socket;
    private readonly SocketWire _wire;
    private readonly Subscription _subscription;
    private readonly Subscriber _subscriber;
    // The resume's replay is fixed at subscribe: its length is kept here, so a live round need not look at the list.
    private readonly int _replayCount;
    private readonly PushFraming _framing;
    private readonly PushSender _sender;
    private readonly PushFront _front;
    private readonly ClientFrameLoop? _frames;
    private readonly Lock _gate = new();
    private (WebSocketCloseStatus Status, string Reason)? _closeFromReceive;
    private bool _closing;
    private bool _receiveEnded;
    private bool _finished;
    private Timer? _deadline;
    // The next message of the resume's replay to send; the sender alone moves it.
    private int _replayNext;

    public DirectPushConnection(Socket socket, Subscription subscription, PushFraming framing, ClientFrameLoop? frames, PushFront front)
    {
        _socket = socket;
        _subscription = subscription;
        _subscriber = subscription.Subscriber;
        _replayCount = subscription.Replay.Count;
        _framing = framing;
        _frames = frames;
        _front = front;
        _sender = front.Sender;
        // The sender's writes must never wait for a client: what the kernel does not take at once waits in the wire.
        socket.Blocking = false;
        _wire = new SocketWire(socket, OnWireDrained);
    }

    private bool HasReplayLeft => Volatile.Read(ref _replayNext) < _replayCount;

    /// <summary>
    /// Sends the response head and the stream's first bytes, then hands the subscriber to the sender, which sends the
    /// replay first (in batches, as the client reads) and the live messages after it.
    /// </summary>
    public void Start(ReadOnlySpan<byte> opening)
    {
        if (_wire.Write(opening) == WireWrite.Broken)
        {
            Abort();
            return;
        }

        _subscriber.ReadWith(this);
        if (HasReplayLeft)
        {
            _sender.Schedule(this);
        }

        _ = ReceiveAsync();
    }

    void ISubscriberReadyListener.SubscriberReady(Subscriber subscriber) => _sender.Schedule(this);

    /// <summary>On the sender's thread: writes what the subscriber has waiting, or ends the stream once it is closed.</summary>
    public void Pump(SendBatch batch)
    {
        if (Volatile.Read(ref _closing))
        {
            return;
        }

        var subscriber = _subscriber;
        if (subscriber.BeginRead() is var reason and not SubscriberCloseReason.None)
        {
            // Even behind a client that stopped reading: the close goes after what is pending, under a deadline.
            Close(reason, batch);
            return;
        }

        if (_wire.IsBusy)
        {
            // The messages stay in the subscriber's bounded queue, where the backpressure policy applies; the wire's
            // drain pokes the subscriber again.
            return;
        }

        _framing.Begin(batch);
        if (subscriber.TakeHeartbeat())
        {
            _framing.AddHeartbeat(batch);
        }

        // The replay first, a batch at a time like live messages: a long resume is held in the wire one batch at a
        // time, not whole, however slowly the client reads.
        var count = 0;
        var replay = _subscription.Replay;
        while (batch.ContentLength < SendBatch.TargetBytes && _replayNext < replay.Count)
        {
            _framing.Add(batch, replay[_replayNext]);
            Volatile.Write(ref _replayNext, _replayNext + 1);
            count++;
        }

        if (!HasReplayLeft)
        {
            var reader = new BatchReader(_framing, batch);
            count += subscriber.DequeueWhile(ref reader);
        }

        _framing.End(batch);
        if (batch.Written.IsEmpty)
        {
            return;
        }

        if (_wire.Write(batch.Written) == WireWrite.Broken)
        {
            Abort();
            return;
        }

        subscriber.ReportDelivered(count);
        if (HasReplayLeft)
        {
            _sender.Schedule(this);
        }
        else if (batch.ContentLength >= SendBatch.TargetBytes)
        {
            subscriber.Poke();
        }
    }

    /// <summary>Ends the stream the way <paramref name="reason"/> asks; on the sender's thread, after the last data it wrote.</summary>
    private void Close(SubscriberCloseReason reason, SendBatch batch)
    {
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
        }

        if (reason == SubscriberCloseReason.Dropped)
        {
            Abort();
            return;
        }

        (WebSocketCloseStatus Status, string Reason)? goodbye = reason switch
        {
            SubscriberCloseReason.ServerShutdown => (WebSocketCloseStatus.EndpointUnavailable, "server shutting down"),
            SubscriberCloseReason.SlowConsumer => (WebSocketCloseStatus.PolicyViolation, "slow consumer: send queue full"),
            _ => _closeFromReceive,
        };

        // A WebSocket gets a close frame when there is one to send; an SSE stream the server ends gets the last
        // chunk, which completes the response; a client that left gets nothing.
        if (_frames is null ? reason != SubscriberCloseReason.Unsubscribed : goodbye is not null)
        {
            _framing.Begin(batch);
            _framing.End(batch);
            _framing.AddClosing(batch, goodbye?.Status ?? default, goodbye?.Reason ?? "");
            _wire.Write(batch.Written);
        }

        // A client that never reads what is left, or never answers the close, cannot hold the connection.
        lock (_gate)
        {
            if (!_finished)
            {
                _deadline = new Timer(static state => ((DirectPushConnection)state!).Abort(), this, _front.CloseTimeout, Timeout.InfiniteTimeSpan);
            }
        }

        TryFinish();
    }

    private async Task ReceiveAsync()
    {
        try
        {
            if (_frames is not null)
            {
                _closeFromReceive = await _frames.RunAsync(this, CancellationToken.None);
            }
            else
            {
                await ReadUntilEndAsync();
            }
        }
        finally
        {
            lock (_gate)
            {
                _receiveEnded = true;
            }

            _subscriber.Dispose();
            TryFinish();
        }
    }

    /// <summary>An SSE client sends nothing after its request: what it might send is read and ignored until it leaves.</summary>
    private async Task ReadUntilEndAsync()
    {
        var buffer = new byte[16];
        try
        {
            while (await _socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
            {
            }
        }
        catch (Exception ex) when (ClientFrameLoop.IsConnectionGone(ex))
        {
            // Gone.
        }
    }

    ValueTask<int> IClientConnection.ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    ValueTask IClientConnection.WriteFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (_wire.Write(frame.Span) == WireWrite.Broken)
        {
            throw new IOException("the connection is broken");
        }

        return ValueTask.CompletedTask;
    }

    private void OnWireDrained()
    {
        if (Volatile.Read(ref _closing))
        {
            TryFinish();
        }
        else if (HasReplayLeft)
        {
            _sender.Schedule(this);
        }
        else
        {
            _subscriber.Poke();
        }
    }

    /// <summary>Closes the socket once the stream was ended, its last bytes went out and (for a WebSocket) the client answered.</summary>
    private void TryFinish()
    {
        lock (_gate)
        {
            if (_finished || !_closing || _wire.IsBusy || (_frames is not null && !_receiveEnded))
            {
                return;
            }

            _finished = true;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        Release();
    }

    /// <summary>Cuts the connection with a TCP reset: what a drop, a broken connection or an expired deadline does.</summary>
    public void Abort()
    {
        lock (_gate)
        {
            _closing = true;
            if (_finished)
            {
                return;
            }

            _finished = true;
        }

        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        Release();
    }

    private void Release()
    {
        _deadline?.Dispose();
        _wire.Close();
        _socket.Dispose();
        _subscription.Dispose();
        _front.Released(this);
    }

    /// <summary>Frames a subscriber's waiting messages into the batch until it holds about <see cref="SendBatch.TargetBytes"/>.</summary>
    private readonly struct BatchReader(PushFraming framing, SendBatch batch) : IMessageReader
    {
        public bool WantsMore => batch.ContentLength < SendBatch.TargetBytes;

        public void Take(PushMessage message) => framing.Add(batch, message);
    }
}
#pragma warning restore CA1001
