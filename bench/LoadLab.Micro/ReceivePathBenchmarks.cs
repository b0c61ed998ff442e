using BenchmarkDotNet.Attributes;
using LoadLab.Engine.Clients;
using LoadLab.Engine.Measurement;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Micro;

/// <summary>
/// The load engine's work per received message (<see cref="ClientContext.Received(SequenceTracker, ReadOnlySpan{byte}, bool)"/>): parse the stamp in
/// place, track the sequence, record the latency in the run's histograms. Each invocation is one topic's
/// share of a run, received into a fresh subscription's tracker sized for it as the engine sizes it, so the
/// figures are per message and include that tracker (once per subscription) spread over its messages.
/// </summary>
[MemoryDiagnoser]
public class ReceivePathBenchmarks : IDisposable
{
    private const int MessagesPerRun = 10_000;

    private readonly HttpClient _http = new();
    private ClientContext? _context;
    private byte[][] _payloads = [];

    [GlobalSetup]
    public void Setup()
    {
        var clock = new RunClock();

        // Measured from the start: every delivery goes into both histograms, as after the warm-up of a run.
        var recorder = new RunRecorder(clock, measuredFromMicroseconds: 0);
        var scenario = new Scenario { Name = "micro", Transports = [TransportKind.WebSocket], Stages = [new LoadStage(1, TimeSpan.FromSeconds(1))] };
        _context = new ClientContext(scenario, _http, recorder, TimeSpan.FromSeconds(1));
        _payloads = [.. Enumerable.Range(1, MessagesPerRun).Select(sequence => Payloads.Stamped(sequence, clock.NowMicroseconds))];
    }

    [Benchmark(Description = "receive a 128-byte message: parse + track + record", OperationsPerInvoke = MessagesPerRun)]
    public long Receive()
    {
        var tracker = new SequenceTracker(lastScheduled: MessagesPerRun);
        tracker.StartAt(1);
        foreach (var payload in _payloads)
        {
            _context!.Received(tracker, payload);
        }

        return tracker.Received;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _http.Dispose();
        GC.SuppressFinalize(this);
    }
}
