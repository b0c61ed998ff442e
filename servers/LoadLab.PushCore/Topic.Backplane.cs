namespace LoadLab.PushCore;

/// <summary>What a backplane needs of a topic: messages that arrive with their global id, and resumes older than the ring.</summary>
internal sealed partial class Topic
{
    /// <summary>The newest id this topic has fanned out.</summary>
    public long LastId
    {
        get
        {
            lock (_gate)
            {
                return _lastId;
            }
        }
    }

    /// <summary>Whether a resume after <paramref name="afterId"/> can be served from the ring alone.</summary>
    public bool Holds(long afterId)
    {
        lock (_gate)
        {
            return afterId <= _lastId && afterId + 1 >= _ring.OldestHeld(_lastId);
        }
    }

    /// <summary>
    /// Fans out a message whose id the backplane assigned. An id already seen is ignored (it arrived by two
    /// paths); an id past the next one means the ids between are lost to this instance: the ring is cleared so
    /// that a resume into the hole is told about it, and the count of lost ids is returned.
    /// </summary>
    public long Append(long id, byte[] payload)
    {
        lock (_gate)
        {
            if (id <= _lastId)
            {
                return 0;
            }

            var lost = id - _lastId - 1;
            if (lost > 0)
            {
                _ring.Clear();
            }

            FanOutCore(new PushMessage(Name, id, payload));
            return lost;
        }
    }

    /// <summary>
    /// Copies the messages after <paramref name="afterId"/> that this topic has fanned out: the older ones from
    /// <paramref name="history"/>, then the ones published since it was read from the ring. Under the lock.
    /// </summary>
    private ResumeGap? CopyAfter(long afterId, IReadOnlyList<BackplaneEntry> history, List<PushMessage> into)
    {
        ResumeGap? gap = null;
        var next = afterId + 1;
        foreach (var entry in history)
        {
            if (entry.Id > _lastId)
            {
                // Not fanned out here yet: it arrives live, after the replay.
                break;
            }

            if (entry.Id < next)
            {
                continue;
            }

            if (entry.Id > next)
            {
                gap ??= new ResumeGap(next - 1, entry.Id);
            }

            // Encoded for this resume only: history older than the ring is the rare path.
            into.Add(new PushMessage(Name, entry.Id, entry.Payload));
            next = entry.Id + 1;
        }

        if (next <= _lastId)
        {
            var ringGap = _ring.CopyAfter(next - 1, _lastId, into);
            gap ??= ringGap;
        }

        return gap;
    }
}
