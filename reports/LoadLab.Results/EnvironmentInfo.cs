namespace LoadLab.Results;

/// <summary>Where a run ran: a figure means little without the machine it came from.</summary>
public sealed record EnvironmentInfo(string Os, int CpuCount, string DotnetVersion, string MachineName, string? GitCommit);
