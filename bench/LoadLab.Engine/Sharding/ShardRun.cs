using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LoadLab.Engine.Measurement;
using LoadLab.Results;

namespace LoadLab.Engine.Sharding;

/// <summary>
/// One agent's part of a sharded run (<c>loadlab agent --shard i/n</c>). Every agent of the run is given the same
/// <see cref="RunId"/> and <see cref="StartAt"/>; from them alone each derives the same topics and the same
/// timetable: transport run s starts at <c>StartAt + s × (duration + <see cref="SlotGap"/>)</c> on the target's clock
/// (this machine's clock corrected by <see cref="Clock"/>), and its run clock counts from that instant. So a payload
/// stamped by the publishing agent and received by another is timed on one clock, the target's: the offset
/// difference between the two machines is applied by each agent's own correction. Immutable.
/// </summary>
public sealed record ShardRun
{
    /// <summary>Time between the end of one transport run's profile and the start of the next: clients stop (up to 10 s) and the results are written.</summary>
    public static readonly TimeSpan SlotGap = TimeSpan.FromSeconds(15);

    public required ShardSpec Shard { get; init; }

    public required PublishSharing Publishing { get; init; }

    /// <summary>The id every shard of the run shares: it names the run's topics.</summary>
    public required string RunId { get; init; }

    /// <summary>When the first transport run starts, on the target's clock.</summary>
    public required DateTimeOffset StartAt { get; init; }

    /// <summary>This machine's clock against the target's; null runs on the local clock uncorrected.</summary>
    public ClockOffset? Clock { get; init; }

    public PublishShare Share => new(Shard, Publishing);

    public ShardInfo Info => new(Shard.Index, Shard.Count, PublishShare.Name(Publishing));

    /// <summary>The same on every shard of the run when they share topics, else one of this shard's own.</summary>
    public string TopicPrefix
    {
        get
        {
            var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(RunId)))[..8];
            return Share.SharesTopics ? $"ll-{key}" : string.Create(CultureInfo.InvariantCulture, $"ll-{key}-s{Shard.Index}");
        }
    }

    /// <summary>Waits for transport run <paramref name="slot"/> (from 0) to start and returns its share and clock; a late agent starts at once.</summary>
    public async Task<ShardSlot> StartSlotAsync(int slot, TimeSpan transportDuration, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var start = ToLocal(StartAt + (slot * (transportDuration + SlotGap)));
        var wait = start - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }

        return new ShardSlot(Share, RunClock.StartingAt(start));
    }

    /// <summary>The instant of this machine's clock at which the target's clock reads <paramref name="targetTime"/>.</summary>
    private DateTimeOffset ToLocal(DateTimeOffset targetTime) =>
        Clock is { } offset ? targetTime - TimeSpan.FromTicks((long)(offset.OffsetMs * TimeSpan.TicksPerMillisecond)) : targetTime;
}
