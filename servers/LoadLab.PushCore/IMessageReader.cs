namespace LoadLab.PushCore;

/// <summary>
/// What <see cref="Subscriber.DequeueWhile{TReader}"/> hands a subscriber's waiting messages to: a struct, so the
/// batch costs no allocation and no delegate call per message.
/// </summary>
public interface IMessageReader
{
    /// <summary>Whether it takes another message (it has room for one).</summary>
    bool WantsMore { get; }

    /// <summary>Takes the next message; runs under the subscriber's lock, so it only copies.</summary>
    void Take(PushMessage message);
}
