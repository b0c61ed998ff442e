namespace LoadLab.Results;

/// <summary>A threshold as written, the value it was checked against (null when the figure is unknown) and the verdict.</summary>
public sealed record ThresholdResult(string Text, double? Actual, bool Passed);
