namespace LoadLab.Results;

/// <summary>The figures of one transport under the scenario's load.</summary>
public sealed record TransportRunResult
{
    /// <summary><c>ws</c>, <c>sse</c> or <c>longpoll</c>.</summary>
    public required string Transport { get; init; }

    /// <summary>Which repetition of the scenario this is (<c>run --repeat N</c>), from 1.</summary>
    public int Repetition { get; init; } = 1;

    /// <summary>How reports name the run: the transport, with the repetition from the second one on (<c>ws #2</c>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Label => Repetition > 1 ? $"{Transport} #{Repetition}" : Transport;

    /// <summary><c>completed</c> or <c>aborted</c>.</summary>
    public required string Status { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Length of the measured window (after warm-up), in seconds.</summary>
    public required double MeasuredSeconds { get; init; }

    public required ConnectionStats Connections { get; init; }

    public required MessageStats Messages { get; init; }

    public required LatencyStats LatencyMs { get; init; }

    public required ThroughputStats Throughput { get; init; }

    public required ServerStats Server { get; init; }

    public required ClientStats Client { get; init; }

    /// <summary>One point per second of the whole run, warm-up included (marked).</summary>
    public required IReadOnlyList<TimeSeriesPoint> Timeseries { get; init; }

    public required IReadOnlyList<ThresholdResult> Thresholds { get; init; }

    /// <summary>How lost connections were got back; absent in files written before it was measured.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public ReconnectStats? Reconnects { get; init; }

    /// <summary>The faults the scenario injected (drops, restarts), in the order they happened; absent when none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FaultEvent>? Faults { get; init; }

    /// <summary>Slow against healthy clients; absent when the scenario has no slow clients.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public SlowClientStats? SlowClients { get; init; }

    /// <summary>A shard's sequences behind its message counts, for the merge (<see cref="MessageLedger"/>); absent outside sharded runs.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public MessageLedger? Ledger { get; init; }

    /// <summary>The full latency histogram of the measured window, mergeable across runs and shards.</summary>
    public required EncodedHistogram LatencyHistogram { get; init; }
}
