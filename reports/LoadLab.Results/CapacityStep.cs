namespace LoadLab.Results;

/// <summary>
/// One step of a capacity search: a transport run at one publish rate, and why it was not sustained (a
/// threshold broken, the load engine saturated, the run aborted); sustained when there is no reason.
/// </summary>
public sealed record CapacityStep(double Rate, TransportRunResult Run, IReadOnlyList<string> Failures)
{
    public bool Sustained => Failures.Count == 0;

    /// <summary>Why a run does not count as sustained; empty when it does.</summary>
    public static IReadOnlyList<string> FailuresOf(TransportRunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var failures = new List<string>();
        if (run.Status != RunStatus.Completed)
        {
            failures.Add("the run was aborted");
        }

        if (run.Messages.Expected == 0)
        {
            // Thresholds on figures of nothing (p99 of no message) would pass: a step must carry traffic to count.
            failures.Add("nothing was published in the measured window: lengthen the hold stage");
        }

        failures.AddRange(run.Thresholds.Where(threshold => !threshold.Passed).Select(threshold =>
            $"{threshold.Text} broken (actual {(threshold.Actual is { } actual ? actual.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "n/a")})"));
        failures.AddRange(run.Client.SaturationReasons.Select(reason => $"load engine saturated: {reason}"));
        return failures;
    }
}
