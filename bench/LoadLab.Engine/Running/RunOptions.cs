using LoadLab.Engine.Sharding;
using LoadLab.Results;

namespace LoadLab.Engine.Running;

/// <summary>How to run a scenario: its identity, where it came from, and what to do as results arrive.</summary>
public sealed record RunOptions
{
    /// <summary>Unique id of the run (its results folder name).</summary>
    public required string RunId { get; init; }

    /// <summary>The scenario's fields after defaults and overrides, flattened to <c>path → value</c>.</summary>
    public required IReadOnlyDictionary<string, string> ResolvedScenario { get; init; }

    public string? GitCommit { get; init; }

    /// <summary>Called with the results so far after each transport run and when the run is interrupted, so a crash or Ctrl+C still leaves a valid file.</summary>
    public Func<RunResult, CancellationToken, Task> Checkpoint { get; init; } = static (_, _) => Task.CompletedTask;

    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>Run only this agent's share of the scenario (<c>loadlab agent</c>), in step with the other agents; null runs it whole.</summary>
    public ShardRun? Shard { get; init; }
}
