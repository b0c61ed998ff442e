using System.Threading.Tasks.Sources;

namespace LoadLab.PushCore;

/// <summary>The single reader's wait: a reusable value-task source, so waiting allocates nothing.</summary>
public sealed partial class Subscriber : IValueTaskSource<bool>
{
    // Continuations run on the thread pool: a publisher holding the topic's lock must never run
    // a transport's write loop inline.
    private ManualResetValueTaskSourceCore<bool> _signal = new() { RunContinuationsAsynchronously = true };
    private bool _readerWaiting;

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

            if (_readerWaiting)
            {
                throw new InvalidOperationException("Only one WaitAsync may be outstanding per subscriber.");
            }

            _signal.Reset();
            _readerWaiting = true;
            return new ValueTask<bool>(this, _signal.Version);
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);

    /// <summary>Completes the reader's pending wait, if there is one. Called under <c>_gate</c>.</summary>
    private void WakeReader(bool hasWork)
    {
        if (_readerWaiting)
        {
            _readerWaiting = false;
            _signal.SetResult(hasWork);
        }
    }
}
