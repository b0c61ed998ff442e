using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using LoadLab.PushCore;
using LoadLab.Server.Endpoints.WebSockets;

namespace LoadLab.Micro;

/// <summary>
/// What the server does once per subscriber wake-up, after the fan-out: the SSE endpoint copies the shared,
/// pre-encoded events into the response pipe and flushes once; the WebSocket endpoint frames the shared
/// payloads into a <see cref="FrameBatch"/> and writes it once. For comparison, what it did before: the
/// framework's WebSocket, one <c>SendAsync</c> (one framing copy, one write) per message. One waiting message
/// (a subscriber keeping up) and eight (one that fell behind). All under a cancellable token, as the server's
/// writes are. The network is left out: the pipe's reader discards what was flushed, the WebSockets write to
/// <see cref="Stream.Null"/>; Kestrel's chunked encoding of the SSE stream is not measured.
/// </summary>
[MemoryDiagnoser]
public class SubscriberWriteBenchmarks : IDisposable
{
    private readonly PushMessage _message = new("bench", Payloads.Id, Payloads.Stamped());
    private readonly CancellationTokenSource _writes = new();
    private readonly Pipe _response = new(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
    private readonly WebSocket _socket = WebSocket.CreateFromStream(Stream.Null, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = Timeout.InfiniteTimeSpan });
    private readonly FrameBatch _batch = new();

    [Params(1, 8)]
    public int Waiting { get; set; }

    [Benchmark(Description = "SSE: copy the events into the response pipe + one flush")]
    public async ValueTask<long> SseWrite()
    {
        for (var i = 0; i < Waiting; i++)
        {
            _response.Writer.Write(_message.SseEvent.Span);
        }

        await _response.Writer.FlushAsync(_writes.Token);

        // The transport's side of the pipe: take what was flushed and let it go.
        _response.Reader.TryRead(out var flushed);
        var length = flushed.Buffer.Length;
        _response.Reader.AdvanceTo(flushed.Buffer.End);
        return length;
    }

    [Benchmark(Description = "WebSocket: frame the shared payloads into one batch + one write")]
    public async ValueTask<int> WebSocketBatchWrite()
    {
        for (var i = 0; i < Waiting; i++)
        {
            _batch.Add(Opcodes.Text, _message.Payload.Span);
        }

        var length = _batch.Length;
        await Stream.Null.WriteAsync(_batch.Written, _writes.Token);
        _batch.Clear();
        return length;
    }

    [Benchmark(Baseline = true, Description = "WebSocket, before: the framework's SendAsync per message")]
    public async ValueTask<int> WebSocketFrameworkSend()
    {
        for (var i = 0; i < Waiting; i++)
        {
            await _socket.SendAsync(_message.Payload, WebSocketMessageType.Text, endOfMessage: true, _writes.Token);
        }

        return _message.Payload.Length * Waiting;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _socket.Dispose();
        _batch.Dispose();
        _writes.Dispose();
        GC.SuppressFinalize(this);
    }
}
