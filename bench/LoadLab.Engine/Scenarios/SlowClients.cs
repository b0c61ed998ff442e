namespace LoadLab.Engine.Scenarios;

/// <summary>
/// A share of the clients that read slowly: after each message they stop reading their socket for
/// <see cref="DelayPerMessage"/> (with a small socket receive buffer), so the server's queue for them
/// fills and its backpressure policy shows. Written <c>slowClients: { fraction: 0.1, delayPerMessage: 50ms }</c>.
/// </summary>
public sealed record SlowClients(double Fraction, TimeSpan DelayPerMessage)
{
    public static SlowClients None { get; } = new(0, TimeSpan.Zero);

    /// <summary>Whether client number <paramref name="index"/> (from 0) is a slow one: evenly spread, exactly the fraction of every prefix.</summary>
    public bool IsSlow(int index) => Fraction > 0 && Math.Floor((index + 1) * Fraction) > Math.Floor(index * Fraction);
}
