namespace LoadLab.Engine.Sharding;

/// <summary>Which shards of a sharded run publish (<c>publisher.shards</c> in a scenario).</summary>
public enum PublishSharing
{
    /// <summary>Shard 1 publishes the whole schedule to topics every shard subscribes to: every shard measures the same messages.</summary>
    First,

    /// <summary>The schedule's messages are dealt out in turn (message k by shard <c>k mod n + 1</c>): each shard publishes 1/n of the rate, to shared topics.</summary>
    Split,

    /// <summary>Every shard publishes the whole schedule to topics of its own, which only its clients subscribe to: n times the publish rate.</summary>
    All,
}
