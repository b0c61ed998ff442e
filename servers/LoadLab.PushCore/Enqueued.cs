namespace LoadLab.PushCore;

/// <summary>What became of a message the topic offered one subscriber.</summary>
internal enum Enqueued
{
    /// <summary>Not taken: the subscriber is closed (or was just closed as a slow consumer) and leaves the topic.</summary>
    No,

    /// <summary>Queued behind the others.</summary>
    Added,

    /// <summary>The queue was full: the oldest waiting message was dropped for it (<see cref="BackpressurePolicy.DropOldest"/>).</summary>
    InsteadOfOldest,
}
