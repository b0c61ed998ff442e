using LoadLab.Results;

namespace LoadLab.Reports.Targets;

/// <summary>
/// One round of a scale sitting (<c>bench/scale-sitting.sh</c>): every row of the targets measured once, each server's
/// results file by its name (<c>loadlab</c>, <c>node-ws</c>, <c>node-sse</c>). A part the round did not get to is
/// empty or null, and its cells say so.
/// </summary>
public sealed record SittingRound(
    int Number,
    IReadOnlyDictionary<string, RunResult> Broadcast,
    IReadOnlyDictionary<string, RunResult> Million,
    IReadOnlyDictionary<string, RunResult> Connects,
    IReadOnlyDictionary<string, RunResult> Held,
    FloorRun? FloorBroadcast,
    FloorRun? FloorFastest);
