using System.Threading.Channels;
using LoadLab.Engine.Measurement;

namespace LoadLab.Engine.Publishing;

/// <summary>
/// One ordered sender per topic: the schedule enqueues and never waits; each topic's loop sends its
/// messages one after another, so they reach the server in sequence order (concurrent publishes would
/// overtake each other and show up as reordering the server never did). A server that is slow to accept
/// publishes makes the queue grow; every payload carries its scheduled time, so that delay is latency.
/// </summary>
internal sealed class TopicSenders : IAsyncDisposable
{
    private readonly Dictionary<PublishTopic, (ChannelWriter<Item> Queue, Task Sending)> _senders = [];

    public TopicSenders(IReadOnlyList<PublishTopic> topics, Func<PublishTopic, byte[], CancellationToken, Task<bool>> send, RunRecorder recorder, CancellationToken cancellationToken)
    {
        foreach (var topic in topics)
        {
            var queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            _senders[topic] = (queue.Writer, SendAsync(topic, queue.Reader, send, recorder, cancellationToken));
        }
    }

    public void Enqueue(PublishTopic topic, long sequence, byte[] payload) =>
        _senders[topic].Queue.TryWrite(new Item(sequence, payload));

    /// <summary>Lets the queues drain (until the run's token stops them) and waits for the loops.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (queue, _) in _senders.Values)
        {
            queue.TryComplete();
        }

        await Task.WhenAll(_senders.Values.Select(sender => sender.Sending)).ConfigureAwait(false);
    }

    private static async Task SendAsync(
        PublishTopic topic,
        ChannelReader<Item> queue,
        Func<PublishTopic, byte[], CancellationToken, Task<bool>> send,
        RunRecorder recorder,
        CancellationToken cancellationToken)
    {
        await foreach (var item in queue.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            topic.Sent(item.Sequence);
            if (cancellationToken.IsCancellationRequested || !await send(topic, item.Payload, cancellationToken).ConfigureAwait(false))
            {
                topic.Failed(item.Sequence);
                recorder.Error();
            }
        }
    }

    private readonly record struct Item(long Sequence, byte[] Payload);
}
