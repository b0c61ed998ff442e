using LoadLab.Engine.Running;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Tests.Running;

/// <summary>
/// Alone, not beside other test classes: a step counts as sustained only if the engine's process stayed under
/// 80% of its CPU budget, and here the engine's process is the whole test run.
/// </summary>
[Collection(nameof(CapacitySearchTests))]
[CollectionDefinition(nameof(CapacitySearchTests), DisableParallelization = true)]
public sealed class CapacitySearchTests
{
    private static readonly ScenarioRunner Runner = new(InProcessReferenceServer.StartAsync);

    private static Scenario Stepped(Threshold limit) => ScenarioRunnerTests.Short(TransportKind.Sse) with
    {
        Stages = [new LoadStage(20, TimeSpan.FromSeconds(1)), new LoadStage(20, TimeSpan.FromSeconds(4)), new LoadStage(0, TimeSpan.FromMilliseconds(500))],
        CapacityRates = [5, 20],
        Thresholds = [limit],
    };

    [Fact]
    public async Task Every_step_is_run_at_its_rate_while_the_steps_are_sustained()
    {
        var scenario = Stepped(new Threshold("messages.lost", ThresholdOperator.Equal, 0, "messages.lost == 0"));
        var steps = await new CapacitySearch(Runner).RunAsync(scenario, TransportKind.Sse, _ => ScenarioRunnerTests.Options(), CancellationToken.None);

        // A step stops the search when the engine's process, here the whole test host, looks saturated; on a
        // machine busy with other work that is the machine, not the search. Up to two more tries then.
        for (var attempt = 1; attempt < 3 && steps.Any(step => step.Failures.Count > 0 && step.Failures.All(IsSaturation)); attempt++)
        {
            steps = await new CapacitySearch(Runner).RunAsync(scenario, TransportKind.Sse, _ => ScenarioRunnerTests.Options(), CancellationToken.None);
        }

        Assert.All(steps, step => Assert.True(step.Sustained, string.Join("; ", step.Failures)));
        Assert.Equal([5.0, 20.0], steps.Select(step => step.Rate));
        // Each step published its rate's messages over its measured window: counted, not timed (delivered/s over one
        // second swung to 1.9× once on a busy machine), and against the window each step had (a machine short of CPU
        // starts it later). Give or take two messages, for the whole messages at either end of a window of a second or so.
        Assert.All(steps, step => Assert.InRange(step.Run.Messages.Published, step.Rate * step.Run.MeasuredSeconds - 2, step.Rate * step.Run.MeasuredSeconds + 2));
    }

    private static bool IsSaturation(string failure) => failure.StartsWith("load engine saturated", StringComparison.Ordinal);

    [Fact]
    public async Task The_search_stops_at_the_first_step_not_sustained_and_says_why()
    {
        var impossible = new Threshold("latency.p99", ThresholdOperator.Less, 0.000_001, "latency.p99 < 1ns");

        var steps = await new CapacitySearch(Runner).RunAsync(Stepped(impossible), TransportKind.Sse, _ => ScenarioRunnerTests.Options(), CancellationToken.None);

        var step = Assert.Single(steps);
        Assert.False(step.Sustained);
        // The threshold is the reason, always; a busy machine may add the engine's own saturation beside it (CI saw
        // "the publisher sent 3 of 5 messages … late" once), which is true of that step and no less a reason to stop.
        Assert.StartsWith("latency.p99 < 1ns broken (actual ", Assert.Single(step.Failures, failure => !IsSaturation(failure)), StringComparison.Ordinal);
    }
}
