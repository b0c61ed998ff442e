namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// Whether an open stream survived the listening window: a stream cut after a quiet spell is a proxy's idle
/// timeout that no heartbeat kept at bay; one cut while busy is something else.
/// </summary>
internal static class IdleRules
{
    /// <summary>Quiet for this long before the end counts as an idle cut, not a stream ended while in use.</summary>
    private static readonly TimeSpan QuietBeforeCut = TimeSpan.FromSeconds(1);

    public static Finding? Diagnose(StreamWatch stream, string idleCutCode, string endedCode, string noHeartbeatCode, string heartbeatName)
    {
        if (!stream.EndedEarly)
        {
            return stream.Heartbeats == 0 && stream.Messages.Count == 0
                ? new(noHeartbeatCode, FindingSeverity.Info, $"No heartbeat in the {Evidence.Seconds(stream.ListenUntil - stream.OpenedAt)} listened",
                    ["nothing arrived while listening; the connection stayed open"],
                    $"Idle connections need a heartbeat ({heartbeatName}) more often than every proxy's idle timeout (nginx: proxy_read_timeout, 60 s by default); listen longer (--listen) to see one.")
                : null;
        }

        var ended = stream.EndedAt!.Value;
        var idle = stream.IdleBeforeEnd!.Value;
        var evidence = Evidence.Lines(
            $"stream ended {Evidence.Seconds(ended - stream.OpenedAt)} after it opened{(stream.EndReason is null ? "" : $" ({stream.EndReason})")}",
            $"nothing arrived for {Evidence.Seconds(idle)} before the end",
            $"heartbeats received: {stream.Heartbeats}, messages: {stream.Messages.Count}");
        if (idle >= QuietBeforeCut)
        {
            var every = TimeSpan.FromSeconds(Math.Max(1, Math.Floor(idle.TotalSeconds / 2)));
            return new(idleCutCode, FindingSeverity.Warning, $"The connection was cut after {Evidence.Seconds(idle)} without traffic: an idle timeout", evidence,
                $"Send a heartbeat ({heartbeatName}) more often than that timeout, e.g. every {Evidence.Seconds(every)} (reference server: --heartbeat {every.TotalSeconds:0}s), or raise the proxy's idle timeout (nginx: proxy_read_timeout).");
        }

        return new(endedCode, FindingSeverity.Warning, "The stream ended while it was in use", evidence,
            "The server or a proxy closed a busy stream: check their logs (a crash, a response size or time limit such as a proxy's max body/duration).");
    }
}
