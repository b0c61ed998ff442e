namespace LoadLab.Engine.Sharding;

/// <summary>
/// Which messages of the publisher's schedule a shard sends. The schedule itself is the same on every shard
/// (message k at <c>start + k / rate</c>, topic <c>k mod topics</c>): a shard that does not send a message still
/// walks past it, so it knows what its clients are owed. Immutable.
/// </summary>
public sealed record PublishShare(ShardSpec Shard, PublishSharing Sharing)
{
    /// <summary>One process publishing everything: a run that is not sharded.</summary>
    public static PublishShare Whole { get; } = new(ShardSpec.Whole, PublishSharing.First);

    /// <summary>Whether this shard sends any message at all.</summary>
    public bool SendsAny => Sharing != PublishSharing.First || Shard.Index == 1;

    /// <summary>Whether this shard sends message <paramref name="message"/> (from 0) of the schedule.</summary>
    public bool Sends(long message) => Sharing switch
    {
        PublishSharing.First => Shard.Index == 1,
        PublishSharing.Split => message % Shard.Count == Shard.Index - 1,
        _ => true,
    };

    /// <summary>Whether the shards share topics (and so the same subscribers' messages); with <see cref="PublishSharing.All"/> each has its own.</summary>
    public bool SharesTopics => Sharing != PublishSharing.All;

    /// <summary>The name scenario files use: <c>first</c>, <c>split</c>, <c>all</c>.</summary>
    public static string Name(PublishSharing sharing) => sharing.ToString().ToLowerInvariant();
}
