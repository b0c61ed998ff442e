using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Clients;

/// <summary>
/// One client's reconnect delays: the ceiling starts at the initial delay, is multiplied after every
/// failed attempt up to the maximum, and the delay is drawn below it by the policy's jitter. A successful
/// reconnect starts over. Not thread-safe: one client's loop owns it.
/// </summary>
internal sealed class Backoff(ReconnectPolicy policy, Random random)
{
    private int _failedAttempts;

    /// <summary>The delay before the next attempt; <paramref name="initialDelay"/> is the ceiling of the first.</summary>
    public TimeSpan Next(TimeSpan initialDelay)
    {
        var ceiling = Math.Min(policy.MaxDelay.TotalMilliseconds, initialDelay.TotalMilliseconds * Math.Pow(policy.Multiplier, _failedAttempts));
        _failedAttempts++;
        var milliseconds = policy.Jitter switch
        {
            ReconnectJitter.Full => random.NextDouble() * ceiling,
            ReconnectJitter.Equal => (ceiling / 2) + (random.NextDouble() * ceiling / 2),
            _ => ceiling,
        };
        return TimeSpan.FromMilliseconds(milliseconds);
    }

    /// <summary>Connected again: the next drop starts from the initial delay.</summary>
    public void Reset() => _failedAttempts = 0;
}
