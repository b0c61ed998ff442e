namespace LoadLab.PushCore;

/// <summary>Why a subscriber stopped receiving messages.</summary>
public enum SubscriberCloseReason
{
    /// <summary>Still open.</summary>
    None,

    /// <summary>The transport ended the subscription: the client left, or a long poll was answered.</summary>
    Unsubscribed,

    /// <summary>The queue was full under <see cref="BackpressurePolicy.Disconnect"/>.</summary>
    SlowConsumer,

    /// <summary>The hub is shutting down.</summary>
    ServerShutdown,

    /// <summary>
    /// Cut on purpose (<see cref="PushHub.Drop"/>): a fault injected to see how clients reconnect and resume.
    /// The transport ends the connection abruptly, as a proxy or a load balancer cutting it would.
    /// </summary>
    Dropped,
}
