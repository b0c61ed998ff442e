using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using LoadLab.Engine.Clients.Receiving;

namespace LoadLab.Engine.Clients;

/// <summary>
/// An SSE subscriber on a raw socket that behaves like a browser's <c>EventSource</c>: when the stream drops it waits
/// (the server's <c>retry:</c> delay, or the scenario's backoff) and reconnects with <c>Last-Event-ID</c>, so a server
/// that resumes loses nothing and one that does not shows its losses. It gives back the server instance the id came
/// from (<c>X-LoadLab-Instance</c>), so a restarted reference server knows the id is not its own and says so with a
/// gap notice.
/// <para>
/// Not <c>HttpClient</c>: at thousands of connections the engine must cost less than the server it measures. The
/// request is written by hand; an idle connection waits with an empty read and holds no buffer; when data arrives one
/// pooled buffer takes what the socket has, the chunked framing is decoded and every whole event in it is parsed and
/// recorded in place. What the read ended inside is carried to the next. A slow client stops reading its socket,
/// which has a small receive buffer, after each read.
/// </para>
/// </summary>
internal sealed class SseClient(ClientContext context, ClientSubscription subscription) : VirtualClient(context, subscription), ISseEventSink, IReceiveHandler
{
    /// <summary>Enough for a hundred small events per read; rented only while a read is processed.</summary>
    private const int ReadSize = 16 * 1024;

    /// <summary>An event this large without its end is not an event stream.</summary>
    private const int MaxEventBytes = 1024 * 1024;

    private readonly SseEventParser _parser = new();
    private ClientConnection? _connection;
    private Stream? _stream;
    private ChunkedDecoder? _chunked;
    private long _contentRemaining = -1;
    private string? _instance;
    private int _messagesInRead;

    /// <summary>When the read being parsed arrived, on the run's clock: its events were received together.</summary>
    private long _readAt;

    /// <summary>Decoded bytes of an event the last read ended inside, kept for the next (pooled; null when none).</summary>
    private byte[]? _carry;
    private int _carryLength;

    /// <summary>Body bytes that came with the response head, decoded at the first read.</summary>
    private ArraySegment<byte> _early;

    protected override bool Reconnects => true;

    protected override TimeSpan DefaultReconnectDelay => _parser.Retry ?? Scenarios.ReconnectPolicy.DefaultInitialDelay;

    protected override async Task ConnectAsync(CancellationToken cancellationToken, CancellationToken stop)
    {
        var uri = Subscription.SubscribeUri;
        _connection = await ClientConnection.OpenAsync(uri, uri.Scheme == Uri.UriSchemeHttps, Subscription.IsSlow, Context.ReceiveOnLoops, cancellationToken).ConfigureAwait(false);
        _stream = _connection.Stream;
        await _stream.WriteAsync(Request(uri), cancellationToken).ConfigureAwait(false);
        var (text, early) = await HttpResponseHead.ReadAsync(_stream, cancellationToken).ConfigureAwait(false);
        var head = HttpResponseHead.Parse(text);
        if (head.Status != HttpStatusCode.OK)
        {
            throw new ConnectRefusedException(ConnectFailure.Http(head.Status, head.Location));
        }

        var type = head.Header("Content-Type");
        if (type is null || !MediaType(type).Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConnectRefusedException($"content-type {(type is null ? "none" : MediaType(type))}");
        }

        _instance = head.Header(ResumeHeaders.Instance) ?? _instance;
        _chunked = head.Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true ? new ChunkedDecoder() : null;
        _contentRemaining = _chunked is null && long.TryParse(head.Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : -1;
        _early = early;
    }

    protected override async Task ReceiveAsync(CancellationToken stop)
    {
        if (_connection!.OnLoop is { } loopSocket)
        {
            await ReceiveOnLoopAsync(loopSocket, stop).ConfigureAwait(false);
            return;
        }

        while (!stop.IsCancellationRequested && await ReadEventsAsync(stop).ConfigureAwait(false))
        {
        }
    }

    protected override async ValueTask CloseConnectionAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            (_connection, _stream) = (null, null);
        }

        // Half an event of the old connection is no part of the next one (which resumes after the last whole one).
        if (_carry is not null)
        {
            ArrayPool<byte>.Shared.Return(_carry);
            _carry = null;
        }

        _carryLength = 0;
        _early = default;
    }

    public override ValueTask DisposeAsync() => CloseConnectionAsync();

    void ISseEventSink.OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data)
    {
        if (eventType.SequenceEqual("gap"u8))
        {
            // The server could not resume without loss; the sequence tracking counts what is missing.
            Context.Recorder.ResumeGap();
            return;
        }

        Context.Received(Subscription.Tracker, data, Subscription.IsSlow, _readAt);
        _messagesInRead++;
    }

    /// <summary>A <c>Content-Type</c> without its parameters.</summary>
    private static ReadOnlySpan<char> MediaType(string type) => type.AsSpan(0, type.IndexOf(';', StringComparison.Ordinal) is var semicolon and >= 0 ? semicolon : type.Length).Trim();

    private byte[] Request(Uri uri)
    {
        var request = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n");
        if (_parser.LastEventId is { } lastEventId)
        {
            request.Append(CultureInfo.InvariantCulture, $"Last-Event-ID: {lastEventId}\r\n");
            if (_instance is not null)
            {
                request.Append(CultureInfo.InvariantCulture, $"{ResumeHeaders.Instance}: {_instance}\r\n");
            }
        }

        return Encoding.UTF8.GetBytes(request.Append("\r\n").ToString());
    }

    int IReceiveHandler.CarryLength => _carryLength;

    void IReceiveHandler.MoveCarry(Span<byte> destination) => MoveCarry(destination);

    /// <summary>The new bytes are de-chunked in place behind the carried ones, then every whole event is recorded.</summary>
    ReceiveAction IReceiveHandler.OnReceived(Span<byte> buffer, int carried) => OnReceived(buffer, carried);

    /// <summary>Reads on a receive loop until the stream ends or the client stops, leaving it only to wait as a slow client.</summary>
    private async Task ReceiveOnLoopAsync(LoopSocket socket, CancellationToken stop)
    {
        if (_early.Count > 0 && !await AfterReadAsync(ParseEarly(), stop).ConfigureAwait(false))
        {
            return;
        }

        while (!stop.IsCancellationRequested
            && await socket.ReceiveOnLoopAsync(this, stop).ConfigureAwait(false) == LoopExit.Paused
            && await AfterReadAsync(ReceiveAction.Pause, stop).ConfigureAwait(false))
        {
        }
    }

    /// <summary>The body bytes that came with the response head.</summary>
    private ReceiveAction ParseEarly()
    {
        var carried = _carryLength;
        var buffer = ArrayPool<byte>.Shared.Rent(carried + _early.Count);
        try
        {
            _early.AsSpan().CopyTo(buffer.AsSpan(carried));
            var length = _early.Count;
            _early = default;
            MoveCarry(buffer);
            return OnReceived(buffer.AsSpan(0, carried + length), carried);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One read and every whole event in it; false when the stream ended.</summary>
    private async Task<bool> ReadEventsAsync(CancellationToken stop)
    {
        if (_early.Count > 0)
        {
            return await AfterReadAsync(ParseEarly(), stop).ConfigureAwait(false);
        }

        // Waits for data without holding a buffer: idle connections cost no buffer memory.
        await _stream!.ReadAsync(Memory<byte>.Empty, stop).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(_carryLength + ReadSize);
        ReceiveAction action;
        try
        {
            var carried = _carryLength;
            var room = buffer.Length - carried;
            var read = await _stream!.ReadAsync(buffer.AsMemory(carried, (int)Math.Min(room, _contentRemaining < 0 ? room : _contentRemaining)), stop).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            MoveCarry(buffer);
            action = OnReceived(buffer.AsSpan(0, carried + read), carried);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return await AfterReadAsync(action, stop).ConfigureAwait(false);
    }

    /// <summary>A slow client's pause after a read; false when the stream ended.</summary>
    private async Task<bool> AfterReadAsync(ReceiveAction action, CancellationToken stop)
    {
        if (Subscription.IsSlow && _messagesInRead > 0)
        {
            // Not reading the socket meanwhile: its small buffer fills, then the server's queue for this client.
            await Task.Delay(Subscription.SlowDelay * _messagesInRead, stop).ConfigureAwait(false);
        }

        return action != ReceiveAction.End;
    }

    /// <summary>
    /// <paramref name="buffer"/> holds the carried event bytes, then the new ones as they came off the wire. Those are
    /// decoded in place: the chunk framing only ever shrinks them, so no byte is overwritten before it is read.
    /// </summary>
    private ReceiveAction OnReceived(Span<byte> buffer, int carried)
    {
        _readAt = Context.Recorder.Clock.NowMicroseconds;
        Context.Recorder.RecordRead();
        var length = carried + Body(buffer[carried..], buffer[carried..]);
        _messagesInRead = 0;
        var consumed = _parser.Parse(buffer[..length], this);
        if (consumed < length)
        {
            if (length - consumed > MaxEventBytes)
            {
                throw new HttpIOException(HttpRequestError.InvalidResponse, $"no end of event in {MaxEventBytes} bytes: not an event stream");
            }

            _carry = ArrayPool<byte>.Shared.Rent(length - consumed);
            buffer[consumed..length].CopyTo(_carry);
            _carryLength = length - consumed;
        }

        return _chunked is { Ended: true } || _contentRemaining == 0 ? ReceiveAction.End
            : Subscription.IsSlow && _messagesInRead > 0 ? ReceiveAction.Pause
            : ReceiveAction.Continue;
    }

    private void MoveCarry(Span<byte> destination)
    {
        if (_carry is not null)
        {
            _carry.AsSpan(0, _carryLength).CopyTo(destination);
            ArrayPool<byte>.Shared.Return(_carry);
            _carry = null;
            _carryLength = 0;
        }
    }

    /// <summary>The event-stream bytes of what was read: de-chunked, or as they are (within a Content-Length).</summary>
    private int Body(ReadOnlySpan<byte> read, Span<byte> output)
    {
        if (_chunked is not null)
        {
            return _chunked.Decode(read, output);
        }

        if (_contentRemaining > 0)
        {
            read = read[..(int)Math.Min(read.Length, _contentRemaining)];
            _contentRemaining -= read.Length;
        }

        read.CopyTo(output);
        return read.Length;
    }
}
