namespace LoadLab.Reports.Gate;

/// <summary>
/// The gate's verdicts over every transport and rule. <see cref="InconclusiveReasons"/> lists runs that
/// cannot vouch for anything (saturated load engine, aborted run): such a comparison must not pass silently.
/// </summary>
public sealed record GateReport(
    IReadOnlyList<GateVerdict> Verdicts,
    IReadOnlyList<string> ScenarioDifferences,
    IReadOnlyList<string> InconclusiveReasons,
    double Alpha)
{
    public bool Regressed => Verdicts.Any(verdict => verdict.Outcome == GateOutcome.Regression);

    public bool Inconclusive => InconclusiveReasons.Count > 0;
}
