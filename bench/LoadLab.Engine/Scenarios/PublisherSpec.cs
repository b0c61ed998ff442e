namespace LoadLab.Engine.Scenarios;

/// <summary>The open-loop publisher: a fixed schedule that never waits for one publish before the next.</summary>
public sealed record PublisherSpec
{
    /// <summary>Messages per second, over all topics together (in echo mode: per client).</summary>
    public double Rate { get; init; } = 10;

    /// <summary>Payload size in bytes; the payload starts with the scheduled send time and the sequence.</summary>
    public int PayloadBytes { get; init; } = 128;

    /// <summary>Topics the load is spread over: connection i subscribes to topic i mod Topics.</summary>
    public int Topics { get; init; } = 1;

    public PublishVia Via { get; init; } = PublishVia.Http;

    /// <summary>In a sharded run (<c>loadlab agent</c>), which shards publish; a whole run ignores it.</summary>
    public Sharding.PublishSharing Shards { get; init; } = Sharding.PublishSharing.First;
}
