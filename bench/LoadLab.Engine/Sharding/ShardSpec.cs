using System.Globalization;

namespace LoadLab.Engine.Sharding;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (from 1): connection k of the load profile belongs to shard
/// <c>k mod Count + 1</c>, so the shares differ by at most one connection and together are the whole profile.
/// Immutable.
/// </summary>
public sealed record ShardSpec
{
    /// <summary>A bound on the shard count: far beyond any cluster, small enough that a typo is caught.</summary>
    public const int MaxCount = 10_000;

    public ShardSpec(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, count);
        (Index, Count) = (index, count);
    }

    /// <summary>From 1 to <see cref="Count"/>.</summary>
    public int Index { get; }

    public int Count { get; }

    /// <summary>The whole load on one shard: what a run without sharding is.</summary>
    public static ShardSpec Whole { get; } = new(1, 1);

    /// <summary>Parses <c>i/n</c>; false with the reason when it is not a shard of a run.</summary>
    public static bool TryParse(string text, out ShardSpec? shard, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        shard = null;
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"'{text}' is not a shard: write i/n, for example 1/4";
            return false;
        }

        if (count < 1 || count > MaxCount || index < 1 || index > count)
        {
            error = $"'{text}' is not a shard: i/n needs 1 <= i <= n <= {MaxCount}";
            return false;
        }

        (shard, error) = (new ShardSpec(index, count), null);
        return true;
    }

    /// <summary>How many of the profile's first <paramref name="total"/> connections are this shard's: those k &lt; total with k mod n = i - 1.</summary>
    public int ShareOf(int total) => total < Index ? 0 : ((total - Index) / Count) + 1;

    /// <summary>The profile's index of this shard's <paramref name="local"/>-th connection (from 0).</summary>
    public int GlobalIndex(int local) => (local * Count) + Index - 1;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
