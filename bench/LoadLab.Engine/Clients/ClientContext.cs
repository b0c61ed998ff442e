using LoadLab.Engine.Measurement;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Clients;

/// <summary>What every virtual client of one transport run shares. Immutable; its parts are thread-safe.</summary>
internal sealed record ClientContext(
    Scenario Scenario,
    HttpClient Http,
    RunRecorder Recorder,
    TimeSpan ConnectTimeout)
{
    /// <summary>Records a received payload: its latency against the stamped schedule (apart when a <paramref name="slowClient"/> got it), and its sequence.</summary>
    public void Received(SequenceTracker tracker, ReadOnlySpan<byte> payload, bool slowClient = false)
    {
        if (PayloadStamp.TryRead(payload, out var sequence, out var scheduled))
        {
            Recorder.RecordDelivery(scheduled, payload.Length, slowClient);
            tracker.Record(sequence);
        }
        else
        {
            // Not one of ours (a server's greeting, a foreign message): an error to look at, not a delivery.
            Recorder.Error();
        }
    }
}
