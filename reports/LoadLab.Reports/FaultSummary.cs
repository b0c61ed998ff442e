using System.Globalization;
using LoadLab.Results;

namespace LoadLab.Reports;

/// <summary>
/// One sentence per injected fault of a run, the same in the HTML report and the Markdown summary:
/// what was done when, and what it cost. The message counts are the run's, over its whole measured window.
/// </summary>
internal static class FaultSummary
{
    public static IEnumerable<string> Lines(TransportRunResult run)
    {
        foreach (var fault in run.Faults ?? [])
        {
            var at = Seconds(fault.Second);
            if (fault.Error is { } error)
            {
                yield return $"{run.Label}: {fault.Detail} at {at} s could not be done: {error}";
            }
            else if (fault.Kind == "restart")
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"{run.Label}: server killed at {at} s and listening again at {Seconds(fault.EndSecond)} s ({Seconds(fault.EndSecond - fault.Second)} s down): {run.Messages.NotPublished:N0} messages not published, {run.Messages.Lost:N0} lost (accepted, never delivered), {run.Messages.Duplicated:N0} duplicated, {run.Reconnects?.ResumeGaps ?? 0:N0} resume gap notices");
            }
            else
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"{run.Label}: {fault.Detail} at {at} s: {fault.ConnectionsDropped ?? 0:N0} connections cut");
            }
        }
    }

    private static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture);
}
