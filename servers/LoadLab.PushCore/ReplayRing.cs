using System.Diagnostics;

namespace LoadLab.PushCore;

/// <summary>
/// The last N messages of a topic, in id order, so a subscriber can resume after an id.
/// Not thread-safe: the owning <see cref="Topic"/> calls it under its lock.
/// </summary>
internal sealed class ReplayRing
{
    private readonly PushMessage[] _messages;
    private int _next;
    private int _count;

    public ReplayRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _messages = capacity == 0 ? [] : new PushMessage[capacity];
    }

    public int Count => _count;

    public void Add(PushMessage message)
    {
        if (_messages.Length == 0)
        {
            return;
        }

        Debug.Assert(_count == 0 || message.Id == Newest.Id + 1, "Messages enter the ring in id order with no gap.");
        _messages[_next] = message;
        _next = (_next + 1) % _messages.Length;
        _count = Math.Min(_count + 1, _messages.Length);
    }

    /// <summary>
    /// Copies the held messages with an id greater than <paramref name="afterId"/> and says whether
    /// that is every message after it. <paramref name="lastId"/> is the topic's newest id.
    /// </summary>
    public ResumeGap? CopyAfter(long afterId, long lastId, List<PushMessage> into)
    {
        var oldestHeld = OldestHeld(lastId);
        if (afterId > lastId)
        {
            // Ids the topic never issued: it restarted. Everything held is new to this subscriber.
            CopyFrom(0, into);
            return new ResumeGap(afterId, oldestHeld);
        }

        if (afterId + 1 < oldestHeld)
        {
            CopyFrom(0, into);
            return new ResumeGap(afterId, oldestHeld);
        }

        var skip = (int)(afterId + 1 - oldestHeld);
        CopyFrom(skip, into);
        return null;
    }

    /// <summary>
    /// For a resume id this ring never issued (another instance of the server issued it): every held message
    /// is new to the subscriber, and what came before them is unknown, so the gap is always reported.
    /// </summary>
    public ResumeGap CopyAll(long afterId, long lastId, List<PushMessage> into)
    {
        var oldestHeld = _count == 0 ? lastId + 1 : Oldest.Id;
        CopyFrom(0, into);
        return new ResumeGap(afterId, oldestHeld);
    }

    /// <summary>The oldest id held, or <paramref name="lastId"/> + 1 when the ring is empty.</summary>
    public long OldestHeld(long lastId) => _count == 0 ? lastId + 1 : Oldest.Id;

    /// <summary>Forgets every message: the next one added may have any id (the topic's ids jumped over a gap).</summary>
    public void Clear()
    {
        Array.Clear(_messages);
        _next = 0;
        _count = 0;
    }

    private PushMessage Oldest => _messages[(_next - _count + _messages.Length) % _messages.Length];

    private PushMessage Newest => _messages[(_next - 1 + _messages.Length) % _messages.Length];

    private void CopyFrom(int skip, List<PushMessage> into)
    {
        var start = _next - _count + _messages.Length;
        for (var i = skip; i < _count; i++)
        {
            into.Add(_messages[(start + i) % _messages.Length]);
        }
    }
}
