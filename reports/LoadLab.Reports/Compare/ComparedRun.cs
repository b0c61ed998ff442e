using LoadLab.Charts;
using LoadLab.Results;

namespace LoadLab.Reports.Compare;

/// <summary>
/// One column of a compare page: a transport of one file, with all its repetitions (<c>run --repeat</c>):
/// figures are their mean and significance is tested on all their samples, as the gate does.
/// </summary>
public sealed record ComparedRun(string Name, ComparedFile File, int FileIndex, IReadOnlyList<TransportRunResult> Repetitions)
{
    public string Transport => Repetitions[0].Transport;

    /// <summary>The run whose time series the charts draw: lines of several repetitions on one axis would hide each other.</summary>
    public TransportRunResult First => Repetitions[0];

    public bool Saturated => Repetitions.Any(run => run.Client.Saturated);

    public bool Aborted => File.Result.Status == RunStatus.Aborted || Repetitions.Any(run => run.Status == RunStatus.Aborted);

    /// <summary>One colour per transport, one dash pattern per file.</summary>
    public ChartSeries Series => new(Name, Transport, FileIndex);
}
