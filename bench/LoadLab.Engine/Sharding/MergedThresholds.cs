using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;
using LoadLab.Results;

namespace LoadLab.Engine.Sharding;

/// <summary>
/// The scenario's thresholds judged on a merged result: each agent judged only its share (a shard of 1,000
/// connections fails <c>connections.established >= 1000</c>), so the merged figures are judged again, from the
/// threshold texts the results carry (<c>thresholds[i]</c> of the resolved scenario).
/// </summary>
public static class MergedThresholds
{
    public static RunResult Evaluate(RunResult merged)
    {
        ArgumentNullException.ThrowIfNull(merged);
        var thresholds = new List<Threshold>();
        for (var i = 0; merged.ResolvedScenario.TryGetValue($"thresholds[{i}]", out var text); i++)
        {
            if (!ThresholdParser.TryParse(text, out var threshold, out var problem))
            {
                throw new ResultsFormatException($"thresholds[{i}] '{text}': {problem}");
            }

            thresholds.Add(threshold);
        }

        return merged with { Runs = [.. merged.Runs.Select(run => run with { Thresholds = ThresholdEvaluator.Evaluate(thresholds, run) })] };
    }
}
