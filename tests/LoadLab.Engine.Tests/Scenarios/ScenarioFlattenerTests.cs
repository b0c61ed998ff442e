using System.Globalization;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Tests.Scenarios;

public sealed class ScenarioFlattenerTests
{
    [Fact]
    public void Flattened_scenario_lists_every_field_invariantly_under_any_culture()
    {
        var scenario = ScenarioLoader.Parse(
            "name: f\ntransports: [ws]\nstages:\n  - rampTo: 5\n    over: 1.5s\npublisher:\n  rate: 12.5\nthresholds: [latency.p99 < 2.5ms]\n", "f.yaml", []);

        var original = CultureInfo.CurrentCulture;
        try
        {
            var flattened = new[] { "en-US", "de-DE", "ru-RU" }.Select(name =>
            {
                CultureInfo.CurrentCulture = new CultureInfo(name);
                return string.Join("\n", ScenarioFlattener.Flatten(scenario).Select(p => $"{p.Key}={p.Value}"));
            }).Distinct().ToList();

            var only = Assert.Single(flattened);
            Assert.Contains("publisher.rate=12.5", only, StringComparison.Ordinal);
            Assert.Contains("stages[0].duration=1.5s", only, StringComparison.Ordinal);
            Assert.Contains("thresholds[0]=latency.p99 < 2.5ms", only, StringComparison.Ordinal);
            Assert.Contains("target=embedded", only, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }
}
