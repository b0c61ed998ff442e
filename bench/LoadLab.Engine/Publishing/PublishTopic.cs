using System.Collections.Concurrent;

namespace LoadLab.Engine.Publishing;

/// <summary>
/// One topic's publishing state: the sequences sent so far and those whose publish failed (they were
/// never published, so no subscriber can be expected to receive them). Thread-safe.
/// </summary>
internal sealed class PublishTopic(string name, Uri publishUri, long lastScheduled)
{
    private readonly ConcurrentQueue<long> _failed = new();
    private long _lastSent;

    public string Name { get; } = name;

    public Uri PublishUri { get; } = publishUri;

    /// <summary>The highest sequence the schedule can reach on this topic; subscribers size their sequence tracking for it.</summary>
    public long LastScheduled { get; } = lastScheduled;

    /// <summary>The highest sequence handed to the network so far (0 before the first).</summary>
    public long LastSent => Interlocked.Read(ref _lastSent);

    /// <summary>The first sequence scheduled after the warm-up; later ones are the measured window.</summary>
    public long FirstMeasured { get; set; } = long.MaxValue;

    /// <summary>Sequences are handed over in order by one sender, or by the schedule for another shard's: the highest counts.</summary>
    public void Sent(long sequence)
    {
        long seen;
        while (sequence > (seen = Interlocked.Read(ref _lastSent)) && Interlocked.CompareExchange(ref _lastSent, sequence, seen) != seen)
        {
        }
    }

    public void Failed(long sequence) => _failed.Enqueue(sequence);

    public int FailedWithin(long from, long to) => FailedBetween(from, to).Count();

    /// <summary>The failed sequences from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public IEnumerable<long> FailedBetween(long from, long to) => _failed.Where(sequence => sequence >= from && sequence <= to);
}
