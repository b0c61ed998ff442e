namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// Diagnoses why a push connection fails (or proves that it works): probes the URL once with the transport its
/// scheme names, then applies the rules to what was seen. Every wait is bounded by the options' timeout and
/// listening window. Thread-safe: each call probes on its own.
/// </summary>
public static class ConnectionDoctor
{
    public static async Task<DoctorReport> DiagnoseAsync(DoctorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = new ProbeClock();
        if (options.Transport == ProbeTransport.WebSocket)
        {
            using var probe = new WebSocketProbe(options, clock);
            var seen = await probe.RunAsync(cancellationToken).ConfigureAwait(false);
            var timings = Timings(clock, probe.ConnectedAt, probe.TlsAt, probe.ResponseAt, seen.Stream, seen.PongAfter);
            return DoctorReport.Create(options.Target, ProbeTransport.WebSocket, WebSocketRules.Diagnose(options.Target, seen, options.Timeout), timings);
        }
        else
        {
            var probe = new SseProbe(options, clock);
            var seen = await probe.RunAsync(cancellationToken).ConfigureAwait(false);
            var timings = Timings(clock, probe.ConnectedAt, tlsAt: null, probe.ResponseAt, seen.Stream, pongAfter: null);
            return DoctorReport.Create(options.Target, ProbeTransport.Sse, SseRules.Diagnose(options.Target, seen, options.Timeout), timings);
        }
    }

    private static ProbeTimings Timings(ProbeClock clock, TimeSpan? connectedAt, TimeSpan? tlsAt, TimeSpan? responseAt, StreamWatch? stream, TimeSpan? pongAfter) =>
        new(Milliseconds(connectedAt), Milliseconds(tlsAt), Milliseconds(responseAt), Milliseconds(stream?.Messages is [var first, ..] ? first.At : null), Milliseconds(pongAfter),
            Milliseconds(clock.Now)!.Value);

    private static double? Milliseconds(TimeSpan? time) => time is { } t ? Math.Round(t.TotalMilliseconds, 1) : null;
}
