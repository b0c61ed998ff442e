using LoadLab.Reports.Compare;
using LoadLab.Results;

namespace LoadLab.Reports.Gate;

/// <summary>
/// One side of the gate made of several results files: the runs of interleaved repetitions (A B A B …),
/// each file run separately, pooled as repetitions of one experiment. Files of one side must be the same
/// experiment; pooling two different ones would hide the difference the gate is there to find.
/// </summary>
public static class GateSide
{
    public static RunResult Pool(string side, IReadOnlyList<RunResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            throw new GateInputException($"no {side} results file");
        }

        if (results.Count == 1)
        {
            return results[0];
        }

        if (SettingDifference.Between([.. results.Select(result => result.ResolvedScenario)]) is { Count: > 0 } differences)
        {
            throw new GateInputException(
                $"the {side} files are not the same experiment: {string.Join(", ", differences.Select(difference => $"{difference.Key} ({string.Join(" / ", difference.Values.Select(value => value ?? "absent"))})"))}");
        }

        var repetitions = new Dictionary<string, int>(StringComparer.Ordinal);
        var runs = new List<TransportRunResult>();
        foreach (var run in results.SelectMany(result => result.Runs))
        {
            var repetition = repetitions[run.Transport] = repetitions.GetValueOrDefault(run.Transport) + 1;
            runs.Add(run with { Repetition = repetition });
        }

        return results[0] with
        {
            Status = results.Any(result => result.Status == RunStatus.Aborted) ? RunStatus.Aborted : RunStatus.Completed,
            Runs = runs,
        };
    }
}
