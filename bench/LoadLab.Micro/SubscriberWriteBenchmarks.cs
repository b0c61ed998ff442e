using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using LoadLab.PushCore;

namespace LoadLab.Micro;

/// <summary>
/// What the server does once per subscriber and message, after the fan-out: the SSE endpoint copies the
/// shared, pre-encoded event into the response pipe and flushes; the WebSocket endpoint hands the payload to
/// <see cref="WebSocket.SendAsync(ReadOnlyMemory{byte}, WebSocketMessageType, bool, CancellationToken)"/>,
/// which frames it for this connection. Both under a cancellable token, as the server's writes are. The
/// network is left out: the pipe's reader discards what was flushed, the socket writes to
/// <see cref="Stream.Null"/>; Kestrel's chunked encoding of the SSE stream is not measured.
/// </summary>
[MemoryDiagnoser]
public class SubscriberWriteBenchmarks : IDisposable
{
    private readonly PushMessage _message = new("bench", Payloads.Id, Payloads.Stamped());
    private readonly CancellationTokenSource _writes = new();
    private readonly Pipe _response = new(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
    private readonly WebSocket _socket = WebSocket.CreateFromStream(Stream.Null, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = Timeout.InfiniteTimeSpan });

    [Benchmark(Description = "SSE: copy the event into the response pipe + flush")]
    public async ValueTask<long> SseWrite()
    {
        _response.Writer.Write(_message.SseEvent.Span);
        await _response.Writer.FlushAsync(_writes.Token);

        // The transport's side of the pipe: take what was flushed and let it go.
        _response.Reader.TryRead(out var flushed);
        var length = flushed.Buffer.Length;
        _response.Reader.AdvanceTo(flushed.Buffer.End);
        return length;
    }

    [Benchmark(Description = "WebSocket: frame and send the payload")]
    public async ValueTask<int> WebSocketSend()
    {
        await _socket.SendAsync(_message.Payload, WebSocketMessageType.Text, endOfMessage: true, _writes.Token);
        return _message.Payload.Length;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _socket.Dispose();
        _writes.Dispose();
        GC.SuppressFinalize(this);
    }
}
