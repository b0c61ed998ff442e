using LoadLab.Engine.Clients;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Tests.Clients;

public sealed class BackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Full_jitter_stays_under_a_ceiling_that_doubles_up_to_the_maximum_and_is_spread()
    {
        var policy = new ReconnectPolicy { MaxDelay = TimeSpan.FromSeconds(1), Multiplier = 2, Jitter = ReconnectJitter.Full };
        var random = new Random(7);
        double[] ceilings = [100, 200, 400, 800, 1000, 1000];

        // Many clients, each failing six times in a row: the same attempt never gets the same delay twice.
        var delays = Enumerable.Range(0, 200).Select(_ =>
        {
            var backoff = new Backoff(policy, random);
            return ceilings.Select(_ => backoff.Next(Initial).TotalMilliseconds).ToArray();
        }).ToList();

        for (var attempt = 0; attempt < ceilings.Length; attempt++)
        {
            var ofAttempt = delays.Select(d => d[attempt]).ToList();
            Assert.All(ofAttempt, delay => Assert.InRange(delay, 0, ceilings[attempt]));
            Assert.True(ofAttempt.Distinct().Count() > 150, $"attempt {attempt}: the delays are not spread");
            // Spread over the whole range, not bunched at one end.
            Assert.InRange(ofAttempt.Average(), ceilings[attempt] * 0.35, ceilings[attempt] * 0.65);
        }
    }

    [Fact]
    public void Equal_jitter_waits_at_least_half_the_ceiling()
    {
        var backoff = new Backoff(new ReconnectPolicy { Multiplier = 3, Jitter = ReconnectJitter.Equal }, new Random(3));

        Assert.InRange(backoff.Next(Initial).TotalMilliseconds, 50, 100);
        Assert.InRange(backoff.Next(Initial).TotalMilliseconds, 150, 300);
    }

    [Fact]
    public void Without_jitter_the_delays_are_the_ceilings_and_a_success_starts_over()
    {
        var backoff = new Backoff(new ReconnectPolicy { MaxDelay = TimeSpan.FromMilliseconds(250), Multiplier = 2, Jitter = ReconnectJitter.None }, new Random(1));

        Assert.Equal([100.0, 200, 250], new[] { backoff.Next(Initial), backoff.Next(Initial), backoff.Next(Initial) }.Select(d => d.TotalMilliseconds));
        backoff.Reset();
        Assert.Equal(100, backoff.Next(Initial).TotalMilliseconds);
    }
}
