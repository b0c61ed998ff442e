using System.Text.Json.Serialization;

namespace LoadLab.Results;

/// <summary>
/// Everything one <c>loadlab run</c> measured: the top of <c>results.json</c>. Built once by the
/// engine, read by every report writer, changed by none. See <c>docs/results-schema.md</c>.
/// </summary>
public sealed record RunResult
{
    /// <summary>The version of this schema; readers refuse versions they do not know.</summary>
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Unique id of the run, also its folder name under <c>results/</c>.</summary>
    public required string RunId { get; init; }

    /// <summary>The scenario's name.</summary>
    public required string Scenario { get; init; }

    /// <summary>Every scenario field after defaults and overrides, as <c>path → value</c> (for example <c>publisher.rate → 50</c>), so two runs can be compared field by field.</summary>
    public required IReadOnlyDictionary<string, string> ResolvedScenario { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary><c>completed</c>, or <c>aborted</c> when the run was interrupted (Ctrl+C, a crash): the figures are partial.</summary>
    public required string Status { get; init; }

    public required EnvironmentInfo Environment { get; init; }

    /// <summary>One entry per transport, in the order they ran.</summary>
    public required IReadOnlyList<TransportRunResult> Runs { get; init; }

    /// <summary>The share of a sharded run this file holds (<c>loadlab agent</c>); null for a whole run or a merged one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ShardInfo? Shard { get; init; }

    /// <summary>The agent's clock against the target's (<c>loadlab agent</c>); null when not estimated.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ClockOffset? Clock { get; init; }

    /// <summary>The shards a merged file was made of (<c>loadlab merge</c>), by index; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MergedShard>? MergedShards { get; init; }
}
