namespace LoadLab.PushCore;

/// <summary>
/// A reader that serves subscribers from its own thread instead of awaiting each one (see
/// <see cref="Subscriber.ReadWith"/>): it is told that a subscriber has work and drains it later.
/// </summary>
public interface ISubscriberReadyListener
{
    /// <summary>
    /// <paramref name="subscriber"/> has messages, a heartbeat request or its close waiting. Runs on the publishing
    /// or closing thread under the push core's locks: take note and return, never drain, block or publish here.
    /// </summary>
    void SubscriberReady(Subscriber subscriber);
}
