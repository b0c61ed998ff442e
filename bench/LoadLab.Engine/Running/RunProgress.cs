namespace LoadLab.Engine.Running;

/// <summary>A once-a-second glimpse of a running transport, for a live display.</summary>
public sealed record RunProgress(
    string Transport,
    int Stage,
    int StageCount,
    TimeSpan Elapsed,
    TimeSpan Duration,
    bool Warmup,
    int Connections,
    int TargetConnections,
    long DeliveredPerSecond,
    double? P99Milliseconds,
    long Errors);
