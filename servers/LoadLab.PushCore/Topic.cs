namespace LoadLab.PushCore;

/// <summary>
/// A topic: its sequence, replay ring and subscribers. One lock orders everything: a publish assigns
/// the next id, rings it and enqueues it to every subscriber before the next publish starts, and a
/// subscribe copies the ring and joins in between two publishes, so no subscriber sees a gap, a
/// duplicate or a reordering. Enqueueing never waits, so a slow subscriber delays no one. Thread-safe.
/// </summary>
internal sealed partial class Topic
{
    private readonly Lock _gate = new();
    private readonly PushHubOptions _options;
    private readonly PushMetrics _metrics;
    private readonly ReplayRing _ring;
    private readonly List<Subscriber> _subscribers = [];
    private long _lastId;

    // lastId: where the topic's sequence is; 0 for a new topic, and with a backplane where the shared sequence is.
    public Topic(string name, PushHubOptions options, PushMetrics metrics, long lastId = 0)
    {
        Name = name;
        _options = options;
        _metrics = metrics;
        _ring = new ReplayRing(options.ReplaySize);
        _lastId = lastId;
    }

    public string Name { get; }

    public PushMessage Publish(byte[] payload)
    {
        lock (_gate)
        {
            var message = new PushMessage(Name, _lastId + 1, payload);
            FanOutCore(message);
            return message;
        }
    }

    /// <summary>Makes <paramref name="message"/> the newest: rings it and enqueues it to every subscriber. Under the lock.</summary>
    private void FanOutCore(PushMessage message)
    {
        _lastId = message.Id;
        _ring.Add(message);

        // The queue depth counts the message for every subscriber at once (one shared counter update per message, not one
        // per subscriber), before any can be dequeued, so the gauge never dips below zero; those not added are taken back.
        var subscribers = _subscribers.Count;
        var added = 0;
        _metrics.QueueDepthChanged(subscribers);

        // Backwards, so that removing a slow consumer (swap with the last) skips no one.
        for (var i = subscribers - 1; i >= 0; i--)
        {
            var subscriber = _subscribers[i];
            switch (subscriber.TryEnqueue(message))
            {
                case Enqueued.No:
                    RemoveCore(subscriber);
                    break;
                case Enqueued.Added:
                    added++;
                    break;
            }
        }

        if (added < subscribers)
        {
            _metrics.QueueDepthChanged(added - subscribers);
        }

        _metrics.Published();
    }

    /// <summary>Joins a subscriber; <paramref name="foreignId"/> says the resume id was issued by another hub instance.</summary>
    public Subscription Subscribe(Transport transport, long? resumeAfterId, bool foreignId, bool shuttingDown) =>
        Subscribe(transport, resumeAfterId, foreignId, history: [], shuttingDown);

    /// <summary>
    /// Subscribes; a resume is served from <paramref name="history"/> (the backplane's, oldest first) and the ring,
    /// else from the ring alone; a <paramref name="foreignId"/> gets everything held and a gap.
    /// </summary>
    public Subscription Subscribe(Transport transport, long? resumeAfterId, bool foreignId, IReadOnlyList<BackplaneEntry> history, bool shuttingDown)
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
                gap = foreignId ? _ring.CopyAll(afterId, _lastId, replay)
                    : history.Count == 0 ? _ring.CopyAfter(afterId, _lastId, replay)
                    : CopyAfter(afterId, history, replay);
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
