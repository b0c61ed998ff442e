namespace LoadLab.Engine.Scenarios;

/// <summary>
/// A fault a scenario injects into each transport run, on the run's clock: at <see cref="At"/>, then every
/// <see cref="Every"/>, <see cref="Times"/> times in all. Either a <see cref="Drop"/> of connections through
/// the reference server's loopback admin endpoint, or a restart of the server the engine started
/// (<see cref="RestartServer"/>), kept down for <see cref="Down"/>. Written
/// <c>{ at: 5s, every: 5s, times: 3, drop: { transport: ws, fraction: 1.0 } }</c> or <c>{ at: 20s, restartServer: true, down: 1s }</c>.
/// </summary>
public sealed record FaultSpec
{
    public required TimeSpan At { get; init; }

    /// <summary>Time between repetitions; zero when <see cref="Times"/> is 1.</summary>
    public TimeSpan Every { get; init; }

    public int Times { get; init; } = 1;

    /// <summary>The connections to cut; null for a restart.</summary>
    public DropSpec? Drop { get; init; }

    public bool RestartServer { get; init; }

    /// <summary>How long a restarted server stays down before it starts again (its start-up time comes on top).</summary>
    public TimeSpan Down { get; init; }

    /// <summary>The run-clock times of every occurrence.</summary>
    public IEnumerable<TimeSpan> Occurrences() => Enumerable.Range(0, Times).Select(i => At + (i * Every));
}

/// <summary>Cut <see cref="Fraction"/> of the connections of <see cref="Transport"/> (null: the transport being run).</summary>
public sealed record DropSpec(TransportKind? Transport, double Fraction);
