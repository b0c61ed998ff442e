using System.Text.Json.Serialization;

namespace LoadLab.Results;

/// <summary>
/// How clients got lost connections back: <see cref="Drops"/> connections lost while the client was to stay,
/// <see cref="Attempts"/> to reconnect (each after a backoff delay), <see cref="Reconnected"/> that succeeded,
/// the time from a drop to connected again, and the resumes the server answered with a gap notice.
/// </summary>
public sealed record ReconnectStats(long Drops, long Attempts, long Reconnected, long ResumeGaps, ConnectTimeStats TimeMs);

/// <summary>
/// A fault injected into the run, on the run's clock: <c>drop</c> (connections cut through the server's
/// admin endpoint; <see cref="ConnectionsDropped"/> as the server counted them) or <c>restart</c> (the server
/// killed at <see cref="Second"/> and listening again at <see cref="EndSecond"/>). <see cref="Error"/> says
/// why a fault could not be injected.
/// </summary>
public sealed record FaultEvent(string Kind, double Second, double EndSecond, string Detail)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ConnectionsDropped { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }
}

/// <summary>
/// The clients that read slowly (<c>slowClients</c>) against the healthy ones: each group's latency over the
/// measured window, what the slow ones lost, and what the server did about them (its backpressure policy:
/// slow consumers disconnected, or messages dropped from their queues), from its <c>/metrics</c>.
/// </summary>
public sealed record SlowClientStats(
    int Clients,
    double DelayPerMessageMs,
    LatencyStats HealthyLatencyMs,
    LatencyStats SlowLatencyMs,
    long HealthyLost,
    long SlowLost,
    long? ServerSlowConsumersDisconnected,
    long? ServerMessagesDropped);
