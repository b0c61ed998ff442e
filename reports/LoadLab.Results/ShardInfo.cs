namespace LoadLab.Results;

/// <summary>
/// Which share of a sharded run a results file holds (<c>loadlab agent --shard Index/Count</c>), and which
/// shards published (<see cref="Publishing"/>: <c>first</c>, <c>split</c> or <c>all</c>).
/// </summary>
public sealed record ShardInfo(int Index, int Count, string Publishing);
