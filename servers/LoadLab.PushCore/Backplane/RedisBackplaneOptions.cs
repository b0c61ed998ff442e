using System.ComponentModel.DataAnnotations;

namespace LoadLab.PushCore;

/// <summary>Settings of the Redis backplane; bound from <c>Push:Redis</c>, used when <see cref="PushHubOptions.Backplane"/> is <see cref="BackplaneKind.Redis"/>.</summary>
public sealed record RedisBackplaneOptions
{
    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or <c>redis.internal:6379,password=…</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Configuration { get; init; } = "127.0.0.1:6379";

    /// <summary>Put before every key and the channel, so several deployments (or tests) can share one Redis.</summary>
    [RegularExpression(@"^[^\s{}]*$", ErrorMessage = "Push:Redis:KeyPrefix may not contain white space or braces.")]
    public string KeyPrefix { get; init; } = "loadlab:";

    /// <summary>
    /// The fewest messages a topic's stream keeps (<c>XADD … MAXLEN ~</c>); the stream keeps at least
    /// <see cref="PushHubOptions.ReplaySize"/> too. This is the history a lagging or reconnecting instance
    /// and a deep resume can still fetch.
    /// </summary>
    [Range(1, 100_000_000)]
    public int StreamLength { get; init; } = 1024;

    /// <summary>How long to wait before trying Redis again: the subscription at start, and the catch-up after Redis came back while a connection is still down or the attempt failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);
}
