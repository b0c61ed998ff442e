using LoadLab.Results;

namespace LoadLab.Reports;

/// <summary>
/// Writes one kind of report of a run. The result is only read, so any number of writers can share it;
/// implementations are stateless and thread-safe, and their output does not depend on the machine's culture.
/// </summary>
public interface IReportWriter
{
    /// <summary>The file the report goes to in the run's folder (<c>report.html</c>, <c>summary.md</c>).</summary>
    string FileName { get; }

    void Write(RunResult result, TextWriter output);
}
