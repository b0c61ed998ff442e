namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// What happened on an open stream while the probe listened (all times from the probe's start): the messages,
/// the heartbeats (SSE comments, WebSocket pings), the last time anything arrived, and when and how the stream
/// ended if it did not last the whole window.
/// </summary>
public sealed record StreamWatch(
    TimeSpan OpenedAt,
    TimeSpan ListenUntil,
    IReadOnlyList<ReceivedMessage> Messages,
    int Heartbeats,
    TimeSpan LastActivityAt,
    TimeSpan? EndedAt,
    string? EndReason)
{
    public bool EndedEarly => EndedAt is { } ended && ended < ListenUntil;

    /// <summary>How long nothing at all arrived before the stream ended.</summary>
    public TimeSpan? IdleBeforeEnd => EndedAt is { } ended ? ended - LastActivityAt : null;
}
