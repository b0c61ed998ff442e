using LoadLab.Engine.Measurement;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Engine.Clients;

/// <summary>What every virtual client of one transport run shares. Immutable; its parts are thread-safe.</summary>
/// <param name="Scenario">The scenario being run.</param>
/// <param name="Http">For the clients that speak plain HTTP requests (long-polling).</param>
/// <param name="Recorder">Where everything is recorded.</param>
/// <param name="ConnectTimeout">How long a connect may take before it counts as failed.</param>
/// <param name="ReceiveOnLoops">Whether plain-TCP subscribers are read by the process's receive loops (<see cref="Receiving.ReceiveLoops"/>) rather than each by its own async reads.</param>
internal sealed record ClientContext(
    Scenario Scenario,
    HttpClient Http,
    RunRecorder Recorder,
    TimeSpan ConnectTimeout,
    bool ReceiveOnLoops = false)
{
    /// <summary>Records a received payload: its latency against the stamped schedule (apart when a <paramref name="slowClient"/> got it), and its sequence.</summary>
    public void Received(SequenceTracker tracker, ReadOnlySpan<byte> payload, bool slowClient = false) => Received(tracker, payload, slowClient, Recorder.Clock.NowMicroseconds);

    /// <summary>As <see cref="Received(SequenceTracker, ReadOnlySpan{byte}, bool)"/>, for a payload that arrived at <paramref name="receivedMicroseconds"/> on the run's clock.</summary>
    public void Received(SequenceTracker tracker, ReadOnlySpan<byte> payload, bool slowClient, long receivedMicroseconds)
    {
        if (PayloadStamp.TryRead(payload, out var sequence, out var scheduled))
        {
            Recorder.RecordDelivery(scheduled, payload.Length, slowClient, receivedMicroseconds);
            tracker.Record(sequence);
        }
        else
        {
            // Not one of ours (a server's greeting, a foreign message): an error to look at, not a delivery.
            Recorder.Error();
        }
    }
}
