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

        if (scenario.Reconnect.InitialDelay is { } initialDelay)
        {
            map["reconnect.initialDelay"] = DurationParser.Format(initialDelay);
        }

        map["reconnect.maxDelay"] = DurationParser.Format(scenario.Reconnect.MaxDelay);
        map["reconnect.multiplier"] = scenario.Reconnect.Multiplier.ToString(CultureInfo.InvariantCulture);
        map["reconnect.jitter"] = scenario.Reconnect.Jitter.ToString().ToLowerInvariant();
        for (var i = 0; i < scenario.Faults.Count; i++)
        {
            map[$"faults[{i}]"] = Describe(scenario.Faults[i]);
        }

        if (scenario.SlowClients.Fraction > 0)
        {
            map["slowClients.fraction"] = scenario.SlowClients.Fraction.ToString(CultureInfo.InvariantCulture);
            map["slowClients.delayPerMessage"] = DurationParser.Format(scenario.SlowClients.DelayPerMessage);
        }

        foreach (var (key, value) in scenario.ServerSettings)
        {
            map["server." + key] = value;
        }

        for (var i = 0; i < scenario.Thresholds.Count; i++)
        {
            map[$"thresholds[{i}]"] = scenario.Thresholds[i].Text;
        }

        return map;
    }

    /// <summary>One line per fault: <c>at 5s every 5s x3: drop ws 1</c>, <c>at 20s: restart server, down 1s</c>.</summary>
    public static string Describe(FaultSpec fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var when = fault.Times > 1
            ? string.Create(CultureInfo.InvariantCulture, $"at {DurationParser.Format(fault.At)} every {DurationParser.Format(fault.Every)} x{fault.Times}")
            : $"at {DurationParser.Format(fault.At)}";
        var what = fault.Drop is { } drop
            ? string.Create(CultureInfo.InvariantCulture, $"drop {drop.Transport?.ToName() ?? "the run's transport"} {drop.Fraction}")
            : $"restart server, down {DurationParser.Format(fault.Down)}";
        return $"{when}: {what}";
    }
}
