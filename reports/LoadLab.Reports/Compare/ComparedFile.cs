using LoadLab.Results;

namespace LoadLab.Reports.Compare;

/// <summary>A results file given to <c>compare</c>, with the name its runs carry on the page (<c>--names</c>, else from its path).</summary>
public sealed record ComparedFile(string Name, string Path, RunResult Result);
