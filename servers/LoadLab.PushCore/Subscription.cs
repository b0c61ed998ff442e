namespace LoadLab.PushCore;

/// <summary>
/// The result of a subscribe: the live <see cref="Subscriber"/>, the messages to send first when
/// resuming (<see cref="Replay"/>, in id order, directly followed by the live ones), and the
/// <see cref="Gap"/> when the replay cannot be complete. Disposing it disposes the subscriber.
/// Immutable; the subscriber it holds is thread-safe as documented there.
/// </summary>
public sealed class Subscription(Subscriber subscriber, IReadOnlyList<PushMessage> replay, ResumeGap? gap) : IDisposable
{
    public Subscriber Subscriber { get; } = subscriber;

    public IReadOnlyList<PushMessage> Replay { get; } = replay;

    public ResumeGap? Gap { get; } = gap;

    public void Dispose() => Subscriber.Dispose();
}
