using System.Text;
using BenchmarkDotNet.Attributes;
using LoadLab.Engine.Clients;

namespace LoadLab.Micro;

/// <summary>
/// The engine's SSE client per event, many events per read (a subscriber catching up, or a server that coalesces):
/// de-chunk what one read brought (<see cref="ChunkedDecoder"/>) and parse its whole events (<see cref="SseEventParser"/>).
/// The events are the reference server's (<c>id:</c> and one <c>data:</c> line of a stamped payload); the sink only
/// counts them, so recording (<see cref="ReceivePathBenchmarks"/>) is not in these figures.
/// </summary>
[MemoryDiagnoser]
public class SseReceiveBenchmarks : ISseEventSink
{
    private const int EventsPerRead = 100;

    private readonly SseEventParser _parser = new();
    private byte[] _read = [];
    private byte[] _decoded = [];
    private int _events;

    [GlobalSetup]
    public void Setup()
    {
        var events = new StringBuilder();
        var payload = Encoding.ASCII.GetString(Payloads.Stamped());
        for (var i = 0; i < EventsPerRead; i++)
        {
            events.Append(System.Globalization.CultureInfo.InvariantCulture, $"id: {Payloads.Id + i}\ndata: {payload}\n\n");
        }

        // One chunk per flush, as Kestrel frames a response the server flushed once for the whole batch.
        var body = Encoding.ASCII.GetBytes(events.ToString());
        _read = [.. Encoding.ASCII.GetBytes($"{body.Length:x}\r\n"), .. body, .. "\r\n"u8];
        _decoded = new byte[_read.Length];
    }

    [Benchmark(Description = "SSE: de-chunk a read of 100 events", OperationsPerInvoke = EventsPerRead)]
    public int Decode() => new ChunkedDecoder().Decode(_read, _decoded);

    [Benchmark(Description = "SSE: de-chunk and parse a read of 100 events", OperationsPerInvoke = EventsPerRead)]
    public int DecodeAndParse()
    {
        _events = 0;
        var length = new ChunkedDecoder().Decode(_read, _decoded);
        _parser.Parse(_decoded.AsSpan(0, length), this);
        return _events;
    }

    void ISseEventSink.OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data) => _events++;
}
