namespace LoadLab.Reports.Gate;

/// <summary>What the gate found for one rule on one transport.</summary>
public enum GateOutcome
{
    Pass,

    /// <summary>Worse beyond the tolerance, and significantly so.</summary>
    Regression,

    /// <summary>The metric was not measured in one of the runs (a target without <c>/metrics</c>, say).</summary>
    NotMeasured,

    /// <summary>Worse beyond the tolerance, but with one value per side nothing shows it is more than noise: run repetitions.</summary>
    Unproven,
}

/// <summary>One rule on one transport: the two values, the change, the p-value where it could be tested, and the outcome.</summary>
public sealed record GateVerdict(
    string Transport,
    GateRule Rule,
    double? Baseline,
    double? Current,
    double? ChangePercent,
    double? PValue,
    GateOutcome Outcome);
