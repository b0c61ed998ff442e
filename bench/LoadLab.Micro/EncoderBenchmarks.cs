using BenchmarkDotNet.Attributes;
using LoadLab.PushCore;

namespace LoadLab.Micro;

/// <summary>
/// What the server does once per publish, whatever the number of subscribers: frame the message for every
/// transport. A plain WebSocket frame carries the payload as published, so only SSE and the JSON envelope
/// (the <c>loadlab.v1</c> WebSocket frame and the long-poll element) are encoded.
/// </summary>
[MemoryDiagnoser]
public class EncoderBenchmarks
{
    private readonly byte[] _payload = Payloads.Stamped();

    [Benchmark(Description = "SSE event (id + data lines)")]
    public byte[] SseEvent() => PushMessageEncoder.EncodeSseEvent(Payloads.Id, _payload);

    [Benchmark(Description = "JSON envelope (loadlab.v1 frame)")]
    public byte[] JsonEnvelope() => PushMessageEncoder.EncodeJsonEnvelope(Payloads.Id, _payload, payloadIsUtf8: true);

    [Benchmark(Description = "whole message (UTF-8 check + both encodings)")]
    public PushMessage Message() => new("bench", Payloads.Id, _payload);
}
