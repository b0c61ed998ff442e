using System.Globalization;

namespace LoadLab.Engine.Scenarios;

/// <summary>
/// The resolved scenario as a flat, sorted <c>path → value</c> map (<c>publisher.rate → 50</c>), written
/// invariantly: stored in the results so that two runs can be compared field by field.
/// </summary>
public static class ScenarioFlattener
{
    public static IReadOnlyDictionary<string, string> Flatten(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = scenario.Name,
            ["description"] = scenario.Description,
            ["target"] = scenario.Target?.ToString() ?? "embedded",
            ["mode"] = scenario.Mode.ToString().ToLowerInvariant(),
            ["transports"] = string.Join(",", scenario.Transports.Select(t => t.ToName())),
            ["warmup"] = DurationParser.Format(scenario.Warmup),
            ["connectTimeout"] = DurationParser.Format(scenario.ConnectTimeout),
            ["publisher.rate"] = scenario.Publisher.Rate.ToString(CultureInfo.InvariantCulture),
            ["publisher.payloadBytes"] = scenario.Publisher.PayloadBytes.ToString(CultureInfo.InvariantCulture),
            ["publisher.topics"] = scenario.Publisher.Topics.ToString(CultureInfo.InvariantCulture),
            ["publisher.via"] = scenario.Publisher.Via.ToString().ToLowerInvariant(),
            ["cpus.server"] = CpuPinning.Format(scenario.Cpus.Server),
            ["cpus.engine"] = CpuPinning.Format(scenario.Cpus.Engine),
        };

        if (scenario.Publisher.Shards != Sharding.PublishSharing.First)
        {
            map["publisher.shards"] = Sharding.PublishShare.Name(scenario.Publisher.Shards);
        }

        if (scenario.CapacityRates.Count > 0)
        {
            map["capacity.rates"] = string.Join(",", scenario.CapacityRates.Select(rate => rate.ToString(CultureInfo.InvariantCulture)));
        }

        for (var i = 0; i < scenario.Stages.Count; i++)
        {
            map[$"stages[{i}].connections"] = scenario.Stages[i].Connections.ToString(CultureInfo.InvariantCulture);
            map[$"stages[{i}].duration"] = DurationParser.Format(scenario.Stages[i].Duration);
        }

        foreach (var (transport, endpoints) in scenario.Endpoints)
        {
            map[$"endpoints.{transport.ToName()}.subscribe"] = endpoints.Subscribe;
            map[$"endpoints.{transport.ToName()}.publish"] = endpoints.Publish;
        }

        for (var i = 0; i < scenario.Thresholds.Count; i++)
        {
            map[$"thresholds[{i}]"] = scenario.Thresholds[i].Text;
        }

        return map;
    }
}
