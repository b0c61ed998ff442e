namespace LoadLab.PushCore;

/// <summary>
/// A topic: its sequence, replay ring and subscribers. One lock orders everything: a publish assigns
/// the next id, rings it and enqueues it to every subscriber before the next publish starts, and a
/// subscribe copies the ring and joins in between two publishes, so no subscriber sees a gap, a
/// duplicate or a reordering. Enqueueing never waits, so a slow subscriber delays no one. Thread-safe.
/// </summary>
internal sealed class Topic
{
    private readonly Lock _gate = new();
    private readonly PushHubOptions _options;
    private readonly PushMetrics _metrics;
    private readonly ReplayRing _ring;
    private readonly List<Subscriber> _subscribers = [];
    private long _lastId;

    public Topic(string name, PushHubOptions options, PushMetrics metrics)
    {
        Name = name;
        _options = options;
        _metrics = metrics;
        _ring = new ReplayRing(options.ReplaySize);
    }

    public string Name { get; }

    public PushMessage Publish(byte[] payload)
    {
        lock (_gate)
        {
            var message = new PushMessage(Name, _lastId + 1, payload);
            _lastId = message.Id;
            _ring.Add(message);

            // Backwards, so that removing a slow consumer (swap with the last) skips no one.
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                var subscriber = _subscribers[i];
                if (!subscriber.TryEnqueue(message))
                {
                    RemoveCore(subscriber);
                }
            }

            _metrics.Published();
            return message;
        }
    }

    /// <summary>Joins a subscriber; <paramref name="foreignId"/> says the resume id was issued by another hub instance.</summary>
    public Subscription Subscribe(Transport transport, long? resumeAfterId, bool foreignId, bool shuttingDown)
    {
        var subscriber = new Subscriber(this, transport, _options, _metrics);
        if (shuttingDown)
        {
            subscriber.Close(SubscriberCloseReason.ServerShutdown);
            return new Subscription(subscriber, [], null);
        }

        lock (_gate)
        {
            List<PushMessage> replay = [];
            ResumeGap? gap = null;
            if (resumeAfterId is { } afterId)
            {
                gap = foreignId ? _ring.CopyAll(afterId, _lastId, replay) : _ring.CopyAfter(afterId, _lastId, replay);
                if (gap is not null)
                {
                    _metrics.ResumeGap();
                }
            }

            subscriber.Slot = _subscribers.Count;
            _subscribers.Add(subscriber);
            _metrics.SubscriberAdded(transport);
            return new Subscription(subscriber, replay, gap);
        }
    }

    public void Remove(Subscriber subscriber)
    {
        lock (_gate)
        {
            RemoveCore(subscriber);
        }
    }

    /// <summary>Calls <paramref name="action"/> for each subscriber of <paramref name="transport"/>, under the lock.</summary>
    public void ForEach(Transport transport, Action<Subscriber> action)
    {
        lock (_gate)
        {
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                if (_subscribers[i].Transport == transport)
                {
                    action(_subscribers[i]);
                }
            }
        }
    }

    /// <summary>Closes one subscriber as <see cref="SubscriberCloseReason.Dropped"/> and removes it; false when it had already left.</summary>
    public bool Drop(Subscriber subscriber)
    {
        lock (_gate)
        {
            if (subscriber.Slot < 0 || subscriber.CloseReason != SubscriberCloseReason.None)
            {
                return false;
            }

            subscriber.Close(SubscriberCloseReason.Dropped);
            RemoveCore(subscriber);
            return true;
        }
    }

    public void CloseAll(SubscriberCloseReason reason)
    {
        lock (_gate)
        {
            for (var i = _subscribers.Count - 1; i >= 0; i--)
            {
                var subscriber = _subscribers[i];
                subscriber.Close(reason);
                RemoveCore(subscriber);
            }
        }
    }

    private void RemoveCore(Subscriber subscriber)
    {
        var slot = subscriber.Slot;
        if (slot < 0)
        {
            return;
        }

        var last = _subscribers.Count - 1;
        if (slot != last)
        {
            var moved = _subscribers[last];
            _subscribers[slot] = moved;
            moved.Slot = slot;
        }

        _subscribers.RemoveAt(last);
        subscriber.Slot = -1;
        _metrics.SubscriberRemoved(subscriber.Transport);
    }
}
