namespace LoadLab.Engine.Scenarios;

/// <summary>What the virtual clients of a scenario do.</summary>
public enum ScenarioMode
{
    /// <summary>Every client subscribes; the publisher broadcasts on a fixed schedule; latency is publish → receipt.</summary>
    Broadcast,

    /// <summary>Every WebSocket client sends on the schedule and measures the round trip of its own frame.</summary>
    Echo,

    /// <summary>Clients only connect (and stay connected): the handshake rate and connect time are the figures.</summary>
    Connect,
}
