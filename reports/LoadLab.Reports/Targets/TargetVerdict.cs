namespace LoadLab.Reports.Targets;

/// <summary>How many of LoadLab's runs (a run per transport per round) met a target's line.</summary>
public sealed record TargetVerdict(int Passed, int Runs)
{
    public string Text => Runs == 0 ? "not measured"
        : Passed == Runs ? $"yes ({Passed} of {Runs} runs)"
        : Passed == 0 ? $"no (0 of {Runs} runs)"
        : $"at the line ({Passed} of {Runs} runs)";
}
