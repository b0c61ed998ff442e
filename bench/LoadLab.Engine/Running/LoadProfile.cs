using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Running;

/// <summary>
/// The connection count a transport run should hold at each moment: each stage moves linearly from
/// the previous stage's count (0 at the start) to its own over its duration. Also where publishing
/// stops: a little before the final ramp-down, so that messages in flight are not charged as lost to
/// clients that the profile closes. Immutable.
/// </summary>
internal sealed class LoadProfile
{
    private readonly IReadOnlyList<LoadStage> _stages;

    public LoadProfile(IReadOnlyList<LoadStage> stages)
    {
        ArgumentOutOfRangeException.ThrowIfZero(stages.Count);
        _stages = stages;
        Duration = stages.Aggregate(TimeSpan.Zero, (total, stage) => total + stage.Duration);
        PeakConnections = stages.Max(stage => stage.Connections);

        var elapsed = TimeSpan.Zero;
        foreach (var stage in stages)
        {
            elapsed += stage.Duration;
            if (stage.Connections == PeakConnections)
            {
                PeakReachedAt = elapsed;
                break;
            }
        }

        var last = stages[^1];
        var beforeLast = stages.Count > 1 ? stages[^2].Connections : 0;
        RampDownStart = last.Connections < beforeLast ? Duration - last.Duration : Duration;
    }

    public TimeSpan Duration { get; }

    public int StageCount => _stages.Count;

    public int PeakConnections { get; }

    /// <summary>When the profile first reaches <see cref="PeakConnections"/>.</summary>
    public TimeSpan PeakReachedAt { get; }

    /// <summary>Start of the final ramp-down, or the end when there is none.</summary>
    public TimeSpan RampDownStart { get; }

    public int ConnectionsAt(TimeSpan time)
    {
        var from = 0;
        var stageStart = TimeSpan.Zero;
        foreach (var stage in _stages)
        {
            var stageEnd = stageStart + stage.Duration;
            if (time < stageEnd)
            {
                var progress = (time - stageStart) / stage.Duration;
                return (int)Math.Round(from + ((stage.Connections - from) * progress), MidpointRounding.AwayFromZero);
            }

            from = stage.Connections;
            stageStart = stageEnd;
        }

        return _stages[^1].Connections;
    }

    /// <summary>The index of the stage running at <paramref name="time"/> (the last one after the end).</summary>
    public int StageAt(TimeSpan time)
    {
        var stageEnd = TimeSpan.Zero;
        for (var i = 0; i < _stages.Count; i++)
        {
            stageEnd += _stages[i].Duration;
            if (time < stageEnd)
            {
                return i;
            }
        }

        return _stages.Count - 1;
    }

    /// <summary>When publishing stops: <paramref name="drain"/> before the final ramp-down, never before the peak is reached.</summary>
    public TimeSpan PublishEnd(TimeSpan drain)
    {
        if (RampDownStart == Duration)
        {
            return Duration;
        }

        var end = RampDownStart - drain;
        return end > PeakReachedAt ? end : RampDownStart;
    }
}
