namespace LoadLab.Results;

/// <summary>
/// The sequences behind a shard's message counts, for the merge to reconcile what one shard cannot know: a shard's
/// subscribers are owed every message of the shared schedule, but only the shard that sent a message knows that the
/// server refused it. <see cref="NotPublished"/> are this shard's own refused publishes; <see cref="Missed"/> the
/// sequences its subscribers never got, each with how many of them missed it. The merge takes another shard's refused
/// publishes out of this shard's expected and lost. <see cref="Truncated"/>: too many to list (over
/// <see cref="MaxRanges"/> ranges), so the merge cannot reconcile and says so.
/// </summary>
public sealed record MessageLedger(IReadOnlyList<SequenceRange> NotPublished, IReadOnlyList<MissedRange> Missed, bool Truncated)
{
    /// <summary>Ranges a ledger lists at most, both lists together: bounded results files whatever went wrong.</summary>
    public const int MaxRanges = 10_000;
}

/// <summary>Sequences <see cref="From"/> to <see cref="To"/> (inclusive) of one topic.</summary>
public sealed record SequenceRange(string Topic, long From, long To);

/// <summary>Sequences <see cref="From"/> to <see cref="To"/> of one topic, each missed by <see cref="Subscribers"/> subscribers.</summary>
public sealed record MissedRange(string Topic, long From, long To, long Subscribers);
