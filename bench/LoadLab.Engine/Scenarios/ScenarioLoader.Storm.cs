using System.Globalization;
using System.Net;
using YamlDotNet.RepresentationModel;

namespace LoadLab.Engine.Scenarios;

/// <summary>The fields of storms and slow consumers: <c>reconnect</c>, <c>faults</c>, <c>slowClients</c>.</summary>
public static partial class ScenarioLoader
{
    private static readonly string[] ReconnectKeys = ["initialDelay", "maxDelay", "multiplier", "jitter"];
    private static readonly string[] FaultKeys = ["at", "every", "times", "drop", "restartServer", "down"];
    private static readonly string[] DropKeys = ["transport", "fraction"];
    private static readonly string[] SlowClientKeys = ["fraction", "delayPerMessage"];
    private static readonly string[] ServerKeys = ["queueSize", "backpressure", "replaySize", "socketSendBuffer"];

    private static readonly Dictionary<string, PushCore.BackpressurePolicy> Backpressures = new(StringComparer.Ordinal)
    {
        ["disconnect"] = PushCore.BackpressurePolicy.Disconnect,
        ["dropOldest"] = PushCore.BackpressurePolicy.DropOldest,
    };

    private static readonly Dictionary<string, ReconnectJitter> Jitters = new(StringComparer.Ordinal)
    {
        ["none"] = ReconnectJitter.None,
        ["full"] = ReconnectJitter.Full,
        ["equal"] = ReconnectJitter.Equal,
    };

    private static ReconnectPolicy ReadReconnect(YamlFields fields, YamlPlaces places)
    {
        var defaults = new ReconnectPolicy();
        if (fields.Node("reconnect") is not { } node)
        {
            return defaults;
        }

        var reconnect = new YamlFields(node, "reconnect", places, ReconnectKeys);
        var policy = new ReconnectPolicy
        {
            InitialDelay = reconnect.Duration("initialDelay", allowZero: true),
            MaxDelay = reconnect.Duration("maxDelay", allowZero: false) ?? defaults.MaxDelay,
            Multiplier = reconnect.PositiveNumber("multiplier", 100) ?? defaults.Multiplier,
            Jitter = reconnect.Choice("jitter", Jitters) ?? defaults.Jitter,
        };

        if (policy.Multiplier < 1)
        {
            throw reconnect.Error("multiplier", $"must be at least 1 (1 keeps the delay constant), got {policy.Multiplier.ToString(CultureInfo.InvariantCulture)}");
        }

        if (policy.InitialDelay > policy.MaxDelay)
        {
            throw reconnect.Error("maxDelay", $"is {DurationParser.Format(policy.MaxDelay)}, shorter than initialDelay {DurationParser.Format(policy.InitialDelay.Value)}");
        }

        return policy;
    }

    private static List<FaultSpec> ReadFaults(YamlFields fields, YamlPlaces places, Uri? target, TimeSpan duration)
    {
        if (fields.Node("faults") is not { } node)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw fields.Error("faults", "must be a list of faults such as '- { at: 5s, drop: { fraction: 1.0 } }' or '- { at: 20s, restartServer: true }'");
        }

        var faults = new List<FaultSpec>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var fault = new YamlFields(sequence.Children[i], $"faults[{i}]", places, FaultKeys);
            faults.Add(ReadFault(fault, places, target, duration));
        }

        return faults;
    }

    private static FaultSpec ReadFault(YamlFields fault, YamlPlaces places, Uri? target, TimeSpan duration)
    {
        var at = fault.Duration("at", allowZero: true) ?? throw fault.Error("at", "is required: when the fault happens, from the start of each transport run");
        var times = fault.Int("times", 1, 10_000) ?? 1;
        var every = fault.Duration("every", allowZero: false);
        if (times > 1 && every is null)
        {
            throw fault.Error("every", $"is required when times is {times}: the time between two occurrences");
        }

        var last = at + ((times - 1) * (every ?? TimeSpan.Zero));
        if (last >= duration)
        {
            throw fault.Error(times > 1 ? "times" : "at", $"the fault would happen at {DurationParser.Format(last)}, but the stages last only {DurationParser.Format(duration)}");
        }

        var restart = fault.String("restartServer") is { } restartText
            ? restartText == "true" ? true : throw fault.Error("restartServer", $"must be true (leave the fault out otherwise), got '{restartText}'")
            : false;
        if (restart == fault.Has("drop"))
        {
            throw places.Error(fault.Node("drop") ?? fault.Node("at")!, fault.Path(restart ? "drop" : "restartServer"), "a fault either drops connections ('drop: { fraction: 1.0 }') or restarts the server ('restartServer: true'): give exactly one");
        }

        if (fault.Has("down") && !restart)
        {
            throw fault.Error("down", "is how long a restarted server stays down: only with 'restartServer: true'");
        }

        if (restart && target is not null)
        {
            throw fault.Error("restartServer", $"restarts the server the engine started itself, but this scenario loads the target {target}; leave out target to use the embedded server");
        }

        return new FaultSpec
        {
            At = at,
            Every = every ?? TimeSpan.Zero,
            Times = times,
            RestartServer = restart,
            Down = fault.Duration("down", allowZero: true) ?? TimeSpan.Zero,
            Drop = restart ? null : ReadDrop(fault, places, target),
        };
    }

    private static DropSpec ReadDrop(YamlFields fault, YamlPlaces places, Uri? target)
    {
        if (target is not null && !IsLoopback(target))
        {
            throw fault.Error("drop", $"cuts connections through the server's /admin/drop, which answers only on loopback; the target host '{target.Host}' is not a loopback address");
        }

        var drop = new YamlFields(fault.Required("drop"), fault.Path("drop"), places, DropKeys);
        TransportKind? transport = null;
        if (drop.String("transport") is { } name)
        {
            transport = TransportKindNames.TryParse(name, out var kind) ? kind : throw drop.Error("transport", $"unknown transport '{name}'; use ws, sse or longpoll (or leave it out: the transport being run)");
        }

        var fraction = drop.PositiveNumber("fraction", 1) ?? throw drop.Error("fraction", "is required: the share of connections to cut, greater than 0 and at most 1");
        return new DropSpec(transport, fraction);
    }

    private static SlowClients ReadSlowClients(YamlFields fields, YamlPlaces places)
    {
        if (fields.Node("slowClients") is not { } node)
        {
            return SlowClients.None;
        }

        var slow = new YamlFields(node, "slowClients", places, SlowClientKeys);
        var text = slow.String("fraction") ?? throw slow.Error("fraction", "is required: the share of clients that read slowly, from 0 to 1");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction) || !(fraction is >= 0 and <= 1))
        {
            throw slow.Error("fraction", $"must be a number from 0 to 1, got '{text}'");
        }

        var delay = slow.Duration("delayPerMessage", allowZero: false) ?? throw slow.Error("delayPerMessage", "is required: how long a slow client stops reading after each message, e.g. 50ms");
        return fraction == 0 ? SlowClients.None : new SlowClients(fraction, delay);
    }

    /// <summary>The embedded server's settings, as the configuration keys the reference server reads.</summary>
    private static Dictionary<string, string> ReadServerSettings(YamlFields fields, YamlPlaces places, Uri? target)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fields.Node("server") is not { } node)
        {
            return settings;
        }

        if (target is not null)
        {
            throw fields.Error("server", $"sets up the embedded server, but this scenario loads the target {target}; leave out target, or configure that server itself");
        }

        var server = new YamlFields(node, "server", places, ServerKeys);
        void Set(string key, object? value)
        {
            if (value is not null)
            {
                settings[key] = Convert.ToString(value, CultureInfo.InvariantCulture)!;
            }
        }

        Set("Push:QueueSize", server.Int("queueSize", 1, 1_000_000));
        Set("Push:Backpressure", server.Choice("backpressure", Backpressures));
        Set("Push:ReplaySize", server.Int("replaySize", 0, 10_000_000));
        Set("Server:SocketSendBuffer", server.Int("socketSendBuffer", 0, 64 * 1024 * 1024));
        return settings;
    }

    private static bool IsLoopback(Uri target) =>
        target.IsLoopback || (IPAddress.TryParse(target.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
