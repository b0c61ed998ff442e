namespace LoadLab.Engine.Scenarios;

/// <summary>
/// How a WebSocket or SSE client waits before each attempt to get a lost connection back: exponential
/// backoff from <see cref="InitialDelay"/> by <see cref="Multiplier"/> up to <see cref="MaxDelay"/>, with
/// jitter so that a storm of drops does not come back as a thundering herd. Written
/// <c>reconnect: { initialDelay: 100ms, maxDelay: 5s, multiplier: 2, jitter: full }</c>.
/// </summary>
public sealed record ReconnectPolicy
{
    /// <summary>The ceiling of the first attempt's delay; null: the server's SSE <c>retry:</c> (1 s for WebSocket), as a browser does.</summary>
    public TimeSpan? InitialDelay { get; init; }

    /// <summary>The highest delay the backoff grows to.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Each failed attempt multiplies the ceiling by this (1: a constant delay).</summary>
    public double Multiplier { get; init; } = 2;

    public ReconnectJitter Jitter { get; init; } = ReconnectJitter.Full;

    /// <summary>The first delay of a client whose scenario and server name none.</summary>
    public static TimeSpan DefaultInitialDelay { get; } = TimeSpan.FromSeconds(1);
}

/// <summary>How a backoff delay is spread below its ceiling d.</summary>
public enum ReconnectJitter
{
    /// <summary>Exactly d: every client dropped at once comes back at once.</summary>
    None,

    /// <summary>Uniform in [0, d] ("full jitter"): the spread that best avoids a herd.</summary>
    Full,

    /// <summary>Uniform in [d/2, d] ("equal jitter"): spread, yet never sooner than half the delay.</summary>
    Equal,
}
