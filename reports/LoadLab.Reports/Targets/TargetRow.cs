namespace LoadLab.Reports.Targets;

/// <summary>
/// One row of the scale targets over a sitting: what LoadLab, the Node peers and the machine's floor measured (each
/// cell the median and range of the rounds), LoadLab against the floor where the target is a ratio, the target's
/// line, and in how many of LoadLab's runs the line held.
/// </summary>
public sealed record TargetRow(string What, string LoadLab, string Peers, string Floor, string Ratio, string Line, TargetVerdict Verdict);

/// <summary>How many of LoadLab's runs (a run per transport per round) met a target's line.</summary>
public sealed record TargetVerdict(int Passed, int Runs)
{
    public string Text => Runs == 0 ? "not measured"
        : Passed == Runs ? $"yes ({Passed} of {Runs} runs)"
        : Passed == 0 ? $"no (0 of {Runs} runs)"
        : $"at the line ({Passed} of {Runs} runs)";
}
