namespace LoadLab.PushCore;

/// <summary>
/// The hub with a backplane. Ids come from the backplane, so they are global per topic; every message,
/// this instance's own included, enters the local topic from the backplane in id order and is encoded
/// once per transport there. A resume the local ring cannot serve is served from the backplane's history.
/// Without a backplane these methods complete synchronously with the in-process behaviour.
/// </summary>
public sealed partial class PushHub
{
    private readonly RedisBackplane? _backplane;

    /// <summary>
    /// The backplane's state, or null without one. Hosts show it in health checks and metrics: an outage
    /// and the messages it cost are never silent.
    /// </summary>
    public BackplaneStatus? GetBackplaneStatus() => _backplane?.Status;

    /// <summary>Connects the backplane, if any; throws <see cref="BackplaneUnavailableException"/> when it cannot be reached.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) =>
        _backplane is null ? Task.CompletedTask : _backplane.StartAsync(cancellationToken);

    /// <summary>
    /// Publishes a payload and returns its id. Without a backplane this is <see cref="Publish"/>. With one, the
    /// message reaches the subscribers of every instance, this one included, shortly after this completes;
    /// when the backplane is unreachable nothing is published and <see cref="BackplaneUnavailableException"/> says why.
    /// The hub keeps <paramref name="payload"/>: the caller must not change it afterwards.
    /// </summary>
    public ValueTask<long> PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(payload);
        return _backplane is null
            ? ValueTask.FromResult(GetTopic(topic).Publish(payload).Id)
            : _backplane.PublishAsync(topic, payload, cancellationToken);
    }

    /// <summary>
    /// <see cref="Subscribe"/>, on any instance: a resume after an id another instance delivered gets no gap and
    /// no duplicate while the backplane's history holds it. Throws <see cref="BackplaneUnavailableException"/>
    /// when serving it needs the backplane and the backplane is unreachable.
    /// </summary>
    public async ValueTask<Subscription> SubscribeAsync(string topic, Transport transport, long? resumeAfterId = null, string? resumeInstanceId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(resumeAfterId ?? 0, nameof(resumeAfterId));
        var foreignId = IsForeign(resumeInstanceId);
        if (_backplane is null)
        {
            return GetTopic(topic).Subscribe(transport, resumeAfterId, foreignId, _shuttingDown);
        }

        var local = await AttachAsync(topic, cancellationToken);
        if (resumeAfterId is not { } afterId || foreignId || _shuttingDown)
        {
            return local.Subscribe(transport, resumeAfterId, foreignId, _shuttingDown);
        }

        if (afterId > local.LastId)
        {
            // Another instance delivered it and it is still on its way here.
            await CatchUpAsync(local, cancellationToken);
        }

        if (local.Holds(afterId) || afterId > local.LastId)
        {
            // From the ring; or an id Redis never issued, which the ring reports as a restart.
            return local.Subscribe(transport, afterId, foreignId: false, _shuttingDown);
        }

        var history = await _backplane.ReadAfterAsync(topic, afterId, cancellationToken);
        return local.Subscribe(transport, afterId, foreignId: false, history, _shuttingDown);
    }

    /// <summary>Called by the backplane, in arrival order, for every message of every topic.</summary>
    internal async Task DeliverAsync(string topic, long id, byte[] payload, CancellationToken cancellationToken)
    {
        var local = _topics.GetOrAdd(topic, static (name, state) => new Topic(name, state.Hub._options, state.Hub._metrics, state.Id - 1), (Hub: this, Id: id));
        if (id > local.LastId + 1)
        {
            // The channel skipped some (a reconnect): fetch them from the stream first, so they go out in order.
            await CatchUpAsync(local, cancellationToken);
        }

        _backplane!.CountLost(local.Append(id, payload));
    }

    /// <summary>After a reconnect: raises each topic's sequence back to what this instance has seen, then fetches what it missed.</summary>
    internal async Task CatchUpAllAsync(Func<string, long, CancellationToken, Task> raiseSequence, CancellationToken cancellationToken)
    {
        foreach (var local in _topics.Values)
        {
            await raiseSequence(local.Name, local.LastId, cancellationToken);
            await CatchUpAsync(local, cancellationToken);
        }
    }

    private async Task CatchUpAsync(Topic local, CancellationToken cancellationToken)
    {
        var missed = await _backplane!.ReadAfterAsync(local.Name, local.LastId, cancellationToken);
        foreach (var entry in missed)
        {
            _backplane.CountLost(local.Append(entry.Id, entry.Payload));
        }
    }

    /// <summary>The local topic; a new one starts where the topic's shared sequence is, not at 0.</summary>
    private async ValueTask<Topic> AttachAsync(string name, CancellationToken cancellationToken)
    {
        if (_topics.TryGetValue(name, out var local))
        {
            return local;
        }

        var lastId = await _backplane!.GetLastIdAsync(name, cancellationToken);
        return _topics.GetOrAdd(name, static (n, state) => new Topic(n, state.Hub._options, state.Hub._metrics, state.LastId), (Hub: this, LastId: lastId));
    }

    private void ThrowIfBackplane()
    {
        if (_backplane is not null)
        {
            throw new InvalidOperationException("With a backplane, ids come from it: use PublishAsync and SubscribeAsync.");
        }
    }

    private void DisposeBackplane() => _backplane?.Dispose();
}
