namespace LoadLab.PushCore;

/// <summary>
/// A resume that cannot be complete: the subscriber asked for the messages after
/// <see cref="RequestedAfterId"/>, but the next one the topic still holds is <see cref="NextAvailableId"/>.
/// When <see cref="NextAvailableId"/> is not greater than <see cref="RequestedAfterId"/>, the topic's
/// ids started again (the server restarted) and the requested id is unknown to it.
/// </summary>
public sealed record ResumeGap(long RequestedAfterId, long NextAvailableId)
{
    /// <summary>How many messages were missed when the ids did not restart; otherwise unknown, so null.</summary>
    public long? MissedCount => NextAvailableId > RequestedAfterId ? NextAvailableId - RequestedAfterId - 1 : null;
}
