using System.Diagnostics;

namespace LoadLab.PushCore;

/// <summary>
/// One subscriber's bounded queue of messages. Any number of publishers enqueue; exactly one reader
/// (the transport's write loop) awaits <see cref="WaitAsync"/> and drains with <see cref="TryDequeue"/>.
/// The queue array grows only as messages actually wait, so an idle subscriber holds no buffer.
/// Thread-safe for that pattern; <see cref="Dispose"/> may be called from any thread.
/// </summary>
public sealed partial class Subscriber : IDisposable
{
    private static readonly PushMessage[] NoMessages = [];

    private readonly Lock _gate = new();
    private readonly Topic _topic;
    private readonly PushMetrics _metrics;
    private readonly int _capacity;
    private readonly BackpressurePolicy _policy;
    private PushMessage[] _items = NoMessages;
    private int _head;
    private int _count;
    private bool _activeSinceHeartbeat;
    private bool _heartbeatDue;
    private SubscriberCloseReason _closeReason;
    private Action<object?>? _onClose;
    private object? _onCloseState;

    internal Subscriber(Topic topic, Transport transport, PushHubOptions options, PushMetrics metrics)
    {
        _topic = topic;
        Transport = transport;
        _capacity = options.QueueSize;
        _policy = options.Backpressure;
        _metrics = metrics;
    }

    /// <summary>The topic this subscriber receives.</summary>
    public string Topic => _topic.Name;

    /// <summary>The transport that writes this subscriber's messages.</summary>
    public Transport Transport { get; }

    /// <summary>Why the subscriber was closed, or <see cref="SubscriberCloseReason.None"/> while open.</summary>
    public SubscriberCloseReason CloseReason
    {
        get
        {
            lock (_gate)
            {
                return _closeReason;
            }
        }
    }

    /// <summary>Messages waiting in the queue.</summary>
    public int QueueLength
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Position in the topic's subscriber list; guarded by the topic's lock, -1 once removed.</summary>
    internal int Slot { get; set; } = -1;

    /// <summary>Takes the oldest waiting message, if any. Called by the single reader only.</summary>
    public bool TryDequeue(out PushMessage message)
    {
        lock (_gate)
        {
            if (_count == 0 || _closeReason != SubscriberCloseReason.None)
            {
                message = null!;
                return false;
            }

            message = TakeOldest();
        }

        _metrics.QueueDepthChanged(-1);
        return true;
    }

    /// <summary>
    /// Hands the waiting messages, oldest first, to <paramref name="reader"/> until it takes no more or none is left;
    /// returns how many it took. One lock for the whole batch rather than one per message: a subscriber that fell behind
    /// is drained many messages at a time. The reader runs under the subscriber's lock, so it must only copy the
    /// message (frame it into a buffer), never block or call back into the push core. Called by the single reader only.
    /// </summary>
    public int DequeueWhile<TReader>(ref TReader reader)
        where TReader : struct, IMessageReader
    {
        var taken = 0;
        lock (_gate)
        {
            while (_count > 0 && _closeReason == SubscriberCloseReason.None && reader.WantsMore)
            {
                reader.Take(TakeOldest());
                taken++;
            }
        }

        if (taken > 0)
        {
            _metrics.QueueDepthChanged(-taken);
        }

        return taken;
    }

    /// <summary>
    /// Takes the pending heartbeat request, if any: true means nothing was sent for a whole heartbeat
    /// interval and the transport should send its keep-alive (an SSE comment line).
    /// </summary>
    public bool TakeHeartbeat()
    {
        // Rarely due (only on an idle stream), so looked at first without the lock. One set meanwhile is not lost: it
        // tells the reader again, which takes it next time.
        if (!Volatile.Read(ref _heartbeatDue))
        {
            return false;
        }

        lock (_gate)
        {
            var due = _heartbeatDue;
            _heartbeatDue = false;
            return due;
        }
    }

    /// <summary>
    /// Registers a callback run when the subscriber is closed, at once if it already is. A transport uses it
    /// to stop waiting on a write that a slow or departed client never completes, the connection to cut itself
    /// when it is dropped; callbacks run in the order they were registered. They run on the closing thread,
    /// possibly under the push core's locks: they must only schedule work (for example
    /// <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>), never block or publish.
    /// </summary>
    public void OnClose(Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            if (_closeReason == SubscriberCloseReason.None)
            {
                if (_onClose is null)
                {
                    (_onClose, _onCloseState) = (callback, state);
                }
                else
                {
                    // Rare (a connection registers one, its transport another): the pair is allocated only then.
                    var (first, firstState) = (_onClose, _onCloseState);
                    _onClose = _ =>
                    {
                        first(firstState);
                        callback(state);
                    };
                    _onCloseState = null;
                }

                return;
            }
        }

        callback(state);
    }

    /// <summary>Counts messages the transport has written to the client.</summary>
    public void ReportDelivered(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _metrics.Delivered(Transport, count);
    }

    /// <summary>Closes the subscriber (reason <see cref="SubscriberCloseReason.Unsubscribed"/>) and leaves the topic.</summary>
    public void Dispose()
    {
        Close(SubscriberCloseReason.Unsubscribed);
        _topic.Remove(this);
    }

    /// <summary>
    /// Adds a message; the topic calls this under its lock, in id order, and counts the queue depth it adds once for
    /// all its subscribers. Returns <see cref="Enqueued.No"/> when the subscriber is closed, or has just been closed
    /// as a slow consumer, and must leave the topic.
    /// </summary>
    internal Enqueued TryEnqueue(PushMessage message)
    {
        lock (_gate)
        {
            if (_closeReason != SubscriberCloseReason.None)
            {
                return Enqueued.No;
            }

            Enqueued result;
            if (_count == _capacity)
            {
                if (_policy == BackpressurePolicy.Disconnect)
                {
                    CloseCore(SubscriberCloseReason.SlowConsumer);
                    _metrics.SlowConsumerDisconnected(Transport);
                    return Enqueued.No;
                }

                // The oldest slot is also where the newest goes when the ring is full.
                _items[_head] = message;
                _head = Next(_head);
                result = Enqueued.InsteadOfOldest;
            }
            else
            {
                if (_count == _items.Length)
                {
                    Grow();
                }

                var tail = _head + _count;
                _items[tail < _items.Length ? tail : tail - _items.Length] = message;
                _count++;
                result = Enqueued.Added;
            }

            _activeSinceHeartbeat = true;
            WakeReader(true);
            if (result == Enqueued.InsteadOfOldest)
            {
                _metrics.Dropped(Transport);
            }

            return result;
        }
    }

    /// <summary>Asks for a keep-alive when nothing was enqueued since the previous request.</summary>
    internal void RequestHeartbeat()
    {
        lock (_gate)
        {
            if (_closeReason != SubscriberCloseReason.None)
            {
                return;
            }

            if (!_activeSinceHeartbeat && _count == 0)
            {
                _heartbeatDue = true;
                WakeReader(true);
            }

            _activeSinceHeartbeat = false;
        }
    }

    /// <summary>Closes the subscriber with a reason; the first reason wins. Does not leave the topic.</summary>
    internal void Close(SubscriberCloseReason reason)
    {
        Debug.Assert(reason != SubscriberCloseReason.None);
        lock (_gate)
        {
            CloseCore(reason);
        }
    }

    private void CloseCore(SubscriberCloseReason reason)
    {
        if (_closeReason != SubscriberCloseReason.None)
        {
            return;
        }

        _closeReason = reason;
        if (_count > 0)
        {
            _metrics.QueueDepthChanged(-_count);
            Array.Clear(_items);
            _count = 0;
        }

        _items = NoMessages;
        _head = 0;
        WakeReader(false);
        _onClose?.Invoke(_onCloseState);
        _onClose = null;
        _onCloseState = null;
    }

    /// <summary>Takes the message at the head; under the lock, with one waiting.</summary>
    private PushMessage TakeOldest()
    {
        var message = _items[_head];
        _items[_head] = null!;
        _head = Next(_head);
        _count--;
        return message;
    }

    /// <summary>The ring's next index: a compare, not a division, on the fan-out's path.</summary>
    private int Next(int index) => index + 1 == _items.Length ? 0 : index + 1;

    private void Grow()
    {
        var grown = new PushMessage[Math.Min(_capacity, Math.Max(4, _items.Length * 2))];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _items[(_head + i) % _items.Length];
        }

        _items = grown;
        _head = 0;
    }
}
