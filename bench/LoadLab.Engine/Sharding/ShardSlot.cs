using LoadLab.Engine.Measurement;

namespace LoadLab.Engine.Sharding;

/// <summary>One transport run of a shard: its share of the connections and of the publishing, and the run clock it shares with the other shards.</summary>
public sealed record ShardSlot(PublishShare Share, RunClock Clock)
{
    /// <summary>Time after the nominal publish start for the slowest shard's server sample to return, so no shard starts its schedule late.</summary>
    public static readonly TimeSpan PublishMargin = TimeSpan.FromMilliseconds(500);

    public ShardSpec Shard => Share.Shard;

    /// <summary>
    /// When publishing starts: every shard on one timetable, the profile's (<paramref name="nominal"/>, plus a margin), not
    /// whenever each got there; the schedule, and so what every shard's clients are owed, is then the same on all.
    /// </summary>
    public static TimeSpan PublishStart(TimeSpan nominal) => nominal + PublishMargin;
}
