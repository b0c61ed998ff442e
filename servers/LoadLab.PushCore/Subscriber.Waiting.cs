using System.Threading.Tasks.Sources;

namespace LoadLab.PushCore;

/// <summary>
/// The single reader's wait: either a reusable value-task source, so waiting allocates nothing, or a
/// <see cref="ISubscriberReadyListener"/> told once per batch of work, for a reader that serves many subscribers
/// from one thread instead of awaiting each.
/// </summary>
public sealed partial class Subscriber : IValueTaskSource<bool>
{
    // Continuations run on the thread pool: a publisher holding the topic's lock must never run
    // a transport's write loop inline.
    private ManualResetValueTaskSourceCore<bool> _signal = new() { RunContinuationsAsynchronously = true };
    private bool _readerWaiting;
    private ISubscriberReadyListener? _listener;
    private bool _listenerTold;

    /// <summary>
    /// Completes with true when a message or a heartbeat request is waiting, with false once the
    /// subscriber is closed. Only one wait may be outstanding.
    /// </summary>
    public ValueTask<bool> WaitAsync()
    {
        lock (_gate)
        {
            if (_closeReason != SubscriberCloseReason.None)
            {
                return new ValueTask<bool>(false);
            }

            if (_count > 0 || _heartbeatDue)
            {
                return new ValueTask<bool>(true);
            }

            if (_readerWaiting || _listener is not null)
            {
                throw new InvalidOperationException("Only one WaitAsync may be outstanding per subscriber, and none once a listener reads it.");
            }

            _signal.Reset();
            _readerWaiting = true;
            return new ValueTask<bool>(this, _signal.Version);
        }
    }

    /// <summary>
    /// Makes <paramref name="listener"/> this subscriber's reader: it is told (on the publishing or closing thread,
    /// possibly under the push core's locks, so it must only take note) when a message, a heartbeat request or
    /// the close is waiting, at once if one already is. It is told again only after <see cref="BeginRead"/>.
    /// </summary>
    public void ReadWith(ISubscriberReadyListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            if (_readerWaiting || _listener is not null)
            {
                throw new InvalidOperationException("A subscriber has one reader.");
            }

            _listener = listener;
            if (_count > 0 || _heartbeatDue || _closeReason != SubscriberCloseReason.None)
            {
                TellListener();
            }
        }
    }

    /// <summary>
    /// Called by a listening reader before it drains: work that arrives from now on tells the listener again. Returns
    /// why the subscriber was closed, or <see cref="SubscriberCloseReason.None"/> while open: one lock, not two, in a
    /// round that visits every connection.
    /// </summary>
    public SubscriberCloseReason BeginRead()
    {
        lock (_gate)
        {
            _listenerTold = false;
            return _closeReason;
        }
    }

    /// <summary>Tells the listening reader again if work is waiting: after it had to leave work behind (its connection was busy).</summary>
    public void Poke()
    {
        lock (_gate)
        {
            if (_listener is not null && (_count > 0 || _heartbeatDue || _closeReason != SubscriberCloseReason.None))
            {
                TellListener();
            }
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);

    /// <summary>Completes the reader's pending wait, if there is one. Called under <c>_gate</c>.</summary>
    private void WakeReader(bool hasWork)
    {
        if (_listener is not null)
        {
            TellListener();
        }
        else if (_readerWaiting)
        {
            _readerWaiting = false;
            _signal.SetResult(hasWork);
        }
    }

    private void TellListener()
    {
        if (!_listenerTold)
        {
            _listenerTold = true;
            _listener!.SubscriberReady(this);
        }
    }
}
