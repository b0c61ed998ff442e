namespace LoadLab.Reports.Targets;

/// <summary>
/// One row of the scale targets over a sitting: what LoadLab, the Node peers and the machine's floor measured (each
/// cell the median and range of the rounds), LoadLab against the floor where the target is a ratio, the target's
/// line, and in how many of LoadLab's runs the line held.
/// </summary>
public sealed record TargetRow(string What, string LoadLab, string Peers, string Floor, string Ratio, string Line, TargetVerdict Verdict);
