using LoadLab.Results;

namespace LoadLab.Reports.Capacity;

/// <summary>
/// What a capacity search found: per transport, the steps run (lowest rate first) and the knee — the last
/// sustained step before the first one that was not. A transport whose first step already failed has no
/// knee; one that sustained every step has its knee at the last step and may go higher (<see cref="Open"/>).
/// </summary>
public sealed record CapacityReport(string Scenario, string RunId, IReadOnlyList<(string Transport, IReadOnlyList<CapacityStep> Steps)> Transports)
{
    public static CapacityStep? Knee(IReadOnlyList<CapacityStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return steps.TakeWhile(step => step.Sustained).LastOrDefault();
    }

    /// <summary>Every step was sustained: the real knee lies above the highest rate tried.</summary>
    public static bool Open(IReadOnlyList<CapacityStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return steps.Count > 0 && steps.All(step => step.Sustained);
    }
}
