namespace LoadLab.PushCore;

/// <summary>What happens when a subscriber's queue is full and another message arrives.</summary>
public enum BackpressurePolicy
{
    /// <summary>The slow consumer is closed (and counted); it may reconnect and resume from the replay ring.</summary>
    Disconnect,

    /// <summary>The oldest queued message is discarded (and counted) to make room for the new one.</summary>
    DropOldest,
}
