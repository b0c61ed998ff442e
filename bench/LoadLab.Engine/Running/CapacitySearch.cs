using LoadLab.Engine.Scenarios;
using LoadLab.Results;

namespace LoadLab.Engine.Running;

/// <summary>
/// Steps a transport's publish rate up through the scenario's <see cref="Scenario.CapacityRates"/>, one whole
/// run per step, until a step is not sustained (a threshold broken, the engine saturated): the knee is the
/// last sustained step. Stopping at the first failure keeps the search bounded: past the knee, queues grow
/// and every further step only takes longer to say the same.
/// </summary>
public sealed class CapacitySearch(ScenarioRunner runner)
{
    /// <summary>The steps run for <paramref name="transport"/>, in rate order; <paramref name="optionsFor"/> gives each step's run options (its results file).</summary>
    public async Task<IReadOnlyList<CapacityStep>> RunAsync(Scenario scenario, TransportKind transport, Func<Scenario, RunOptions> optionsFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(optionsFor);
        if (scenario.CapacityRates.Count == 0)
        {
            throw new ArgumentException($"{scenario.Source}: the scenario has no capacity.rates to step through", nameof(scenario));
        }

        var steps = new List<CapacityStep>();
        foreach (var rate in scenario.CapacityRates)
        {
            var step = scenario with { Transports = [transport], Publisher = scenario.Publisher with { Rate = rate } };
            var result = await runner.RunAsync(step, optionsFor(step), cancellationToken).ConfigureAwait(false);
            if (result.Runs.Count == 0)
            {
                break;
            }

            var run = result.Runs[0];
            steps.Add(new CapacityStep(rate, run, CapacityStep.FailuresOf(run)));
            if (!steps[^1].Sustained || cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        return steps;
    }
}
