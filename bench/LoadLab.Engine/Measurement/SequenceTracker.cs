namespace LoadLab.Engine.Measurement;

/// <summary>
/// The sequences one subscriber received on its topic: which arrived, twice, or late. Counting starts
/// at <see cref="Start"/>: the first sequence published after the subscription was in place (or, when
/// that moment cannot be known, the first one received). Not thread-safe: one client's receive loop owns it.
/// </summary>
/// <param name="lastScheduled">
/// The highest sequence the publisher's schedule can reach on this topic (0 when unknown). The bitmap is
/// sized for it when counting starts, so that the receive loop does not allocate as the run goes on; a
/// sequence beyond it is still counted, at the cost of growing the bitmap then.
/// </param>
internal sealed class SequenceTracker(long lastScheduled = 0)
{
    /// <summary>Room for at least the first 256 sequences, so a short run without a known schedule never grows the bitmap mid-stream.</summary>
    private const int InitialWords = 4;

    /// <summary>
    /// At most 64 KiB up front (half a million sequences): a schedule the server cannot keep up with must
    /// not reserve memory for messages that never arrive; a longer run grows the bitmap as before.
    /// </summary>
    private const int MaxUpFrontWords = 8192;

    private ulong[] _seen = [];
    private long _highest;

    /// <summary>The first sequence that counts; 0 while unknown.</summary>
    public long Start { get; private set; }

    /// <summary>Distinct counted sequences received.</summary>
    public long Received { get; private set; }

    public long Duplicated { get; private set; }

    /// <summary>Sequences that arrived after a higher one had (a reordering, not a loss).</summary>
    public long OutOfOrder { get; private set; }

    /// <summary>Sets where counting starts, once; a sequence below it is not expected of this subscriber.</summary>
    public void StartAt(long firstCounted)
    {
        if (Start == 0)
        {
            Start = Math.Max(1, firstCounted);
            var scheduledWords = ((lastScheduled - Start) >> 6) + 1;
            _seen = new ulong[(int)Math.Clamp(scheduledWords, InitialWords, MaxUpFrontWords)];
        }
    }

    /// <summary>Records a received sequence; false when it is below <see cref="Start"/> and so not counted.</summary>
    public bool Record(long sequence)
    {
        StartAt(sequence);
        if (sequence < Start)
        {
            return false;
        }

        var index = sequence - Start;
        var word = (int)(index >> 6);
        if (word >= _seen.Length)
        {
            Array.Resize(ref _seen, Math.Max(word + 1, _seen.Length * 2));
        }

        var bit = 1UL << (int)(index & 63);
        if ((_seen[word] & bit) != 0)
        {
            Duplicated++;
            return true;
        }

        _seen[word] |= bit;
        Received++;
        if (sequence < _highest)
        {
            OutOfOrder++;
        }

        _highest = Math.Max(_highest, sequence);
        return true;
    }

    /// <summary>
    /// How many sequences of the window <paramref name="firstMeasured"/>..<paramref name="lastPublished"/>
    /// this subscriber should have received: those of the window from its <see cref="Start"/> on.
    /// </summary>
    public long Expected(long firstMeasured, long lastPublished)
    {
        var from = Math.Max(Start, firstMeasured);
        return Start == 0 || lastPublished < from ? 0 : lastPublished - from + 1;
    }

    /// <summary>Whether <paramref name="sequence"/> (from <see cref="Start"/> on) was received.</summary>
    public bool Saw(long sequence)
    {
        if (Start == 0 || sequence < Start)
        {
            return false;
        }

        var index = sequence - Start;
        var word = (int)(index >> 6);
        return word < _seen.Length && (_seen[word] & (1UL << (int)(index & 63))) != 0;
    }

    /// <summary>Distinct sequences received within the same window.</summary>
    public long ReceivedWithin(long firstMeasured, long lastPublished)
    {
        var from = Math.Max(Start, firstMeasured);
        if (Start == 0 || lastPublished < from)
        {
            return 0;
        }

        var count = 0L;
        for (var sequence = from; sequence <= lastPublished; sequence++)
        {
            var index = sequence - Start;
            var word = (int)(index >> 6);
            if (word >= _seen.Length)
            {
                break;
            }

            if ((_seen[word] & (1UL << (int)(index & 63))) != 0)
            {
                count++;
            }
        }

        return count;
    }
}
