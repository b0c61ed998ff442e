using LoadLab.Results;

namespace LoadLab.Reports;

/// <summary>Writes one kind of report of a run; the result is only read. Implementations are stateless and thread-safe.</summary>
public interface IReportWriter
{
    /// <summary>The file the report is written to in the run's folder (<c>report.html</c>).</summary>
    string FileName { get; }

    void Write(RunResult result, TextWriter output);
}
