namespace LoadLab.PushCore;

/// <summary>
/// The result of a subscribe: the live <see cref="Subscriber"/>, the messages to send first when
/// resuming (<see cref="Replay"/>, in id order, directly followed by the live ones), and the
/// <see cref="Gap"/> when the replay cannot be complete. Disposing it disposes the subscriber.
/// </summary>
public sealed record Subscription(Subscriber Subscriber, IReadOnlyList<PushMessage> Replay, ResumeGap? Gap) : IDisposable
{
    public void Dispose() => Subscriber.Dispose();
}
