using System.Buffers;
using System.Net.Sockets;
using System.Net.WebSockets;
using LoadLab.Engine.Clients.Receiving;
using LoadLab.Engine.Measurement;
using LoadLab.Engine.Publishing;

namespace LoadLab.Engine.Clients;

/// <summary>
/// A WebSocket subscriber on a raw socket, not <see cref="ClientWebSocket"/>: at thousands of connections the
/// engine must cost less than the server it measures. An idle connection waits with an empty read and holds
/// no buffer; when data arrives one pooled buffer takes what the socket has, and every frame in it is parsed
/// and recorded in place — many frames per system call when a connection is busy, where
/// <c>ClientWebSocket</c> needs two receive calls per message. A frame cut by the end of a read is carried
/// to the next. Pings are answered; in echo mode the client also sends its own stamped frames on a fixed
/// schedule and measures their round trip.
/// <para>
/// On the reference server's endpoint (<paramref name="offerSubProtocol"/>) it offers the <c>loadlab.v1</c>
/// subprotocol (a server of another kind may refuse a subprotocol it does not know, so only there): the server then sends each message with its id, and
/// a subscriber whose connection drops reconnects (after the scenario's backoff) with <c>?since=</c> its last
/// id and the server instance that issued it, as the SSE client does with <c>Last-Event-ID</c>. A server that
/// does not accept it sends plain frames, and a reconnect then starts from the live messages (the losses
/// are counted). A slow client stops reading its socket, which has a small receive buffer, after each read.
/// </para>
/// </summary>
internal sealed class WebSocketClient(ClientContext context, ClientSubscription subscription, double echoRate, bool offerSubProtocol = false) : VirtualClient(context, subscription), IReceiveHandler
{
    private const string SubProtocolOffer = $"Sec-WebSocket-Protocol: {WebSocketEnvelope.SubProtocol}\r\n";

    /// <summary>Enough for a few hundred small frames per read; rented only while a read is processed.</summary>
    private const int ReadSize = 16 * 1024;

    private readonly SemaphoreSlim _writing = new(1, 1);
    private ClientConnection? _connection;
    private Stream? _stream;

    /// <summary>Whether the server accepted <c>loadlab.v1</c>: frames carry ids, and a reconnect resumes.</summary>
    private bool _enveloped;
    private long? _lastId;
    private string? _instance;

    /// <summary>Bytes of a frame the last read ended inside, kept for the next (pooled; null when none).</summary>
    private byte[]? _carry;
    private int _carryLength;

    /// <summary>
    /// The carry is frames that came with the handshake response, not parsed yet: they are parsed before any read, for
    /// a server that sent everything at once would otherwise wait for more that never comes.
    /// </summary>
    private bool _carryUnparsed;

    /// <summary>The payload of the last ping, to answer off the receive path; null when none waits.</summary>
    private byte[]? _pong;

    /// <summary>Messages of the last read: a slow client waits for each.</summary>
    private int _messagesInRead;

    /// <summary>When the read being parsed arrived, on the run's clock: its messages were received together.</summary>
    private long _readAt;

    /// <summary>The payload of a fragmented message so far (pooled; null outside one).</summary>
    private byte[]? _fragments;
    private int _fragmentsLength;

    /// <summary>Subscribers get a lost connection back; in echo mode the client's own schedule would start over, so it does not.</summary>
    protected override bool Reconnects => echoRate == 0;

    protected override async Task ConnectAsync(CancellationToken cancellationToken, CancellationToken stop)
    {
        var uri = PublishSockets.ToWebSocketUri(Subscription.SubscribeUri);
        var headers = offerSubProtocol ? SubProtocolOffer : "";
        if (_enveloped && _lastId is { } lastId)
        {
            uri = new UriBuilder(uri) { Query = AppendQuery(uri.Query, "since=" + lastId.ToString(System.Globalization.CultureInfo.InvariantCulture)) }.Uri;
            if (_instance is not null)
            {
                headers += $"{ResumeHeaders.Instance}: {_instance}\r\n";
            }
        }

        _connection = await ClientConnection.OpenAsync(uri, uri.Scheme == "wss", Subscription.IsSlow, Context.ReceiveOnLoops, cancellationToken).ConfigureAwait(false);
        _stream = _connection.Stream;
        var (early, response) = await WebSocketHandshake.UpgradeAsync(_stream, uri, headers, cancellationToken).ConfigureAwait(false);
        var protocol = response.Header("Sec-WebSocket-Protocol");
        if (protocol is not null && (!offerSubProtocol || protocol != WebSocketEnvelope.SubProtocol))
        {
            throw new WebSocketException(WebSocketError.UnsupportedProtocol, $"the server chose the subprotocol '{protocol}', which was not offered");
        }

        _enveloped = protocol == WebSocketEnvelope.SubProtocol;
        _instance = response.Header(ResumeHeaders.Instance) ?? _instance;
        if (early.Count > 0)
        {
            Carry(early);
            _carryUnparsed = true;
        }
    }

    protected override async Task ReceiveAsync(CancellationToken stop)
    {
        var sending = echoRate > 0 ? SendOnScheduleAsync(stop) : Task.CompletedTask;
        try
        {
            if (_connection!.OnLoop is { } loopSocket)
            {
                await ReceiveOnLoopAsync(loopSocket, stop).ConfigureAwait(false);
            }
            else
            {
                while (!stop.IsCancellationRequested && await ReadFramesAsync(stop).ConfigureAwait(false))
                {
                }
            }
        }
        finally
        {
            await sending.ConfigureAwait(false);
        }
    }

    protected override async ValueTask CloseConnectionAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            (_connection, _stream) = (null, null);
        }

        // What the old connection left half-read belongs to no frame of the next one.
        ReturnPooled(ref _carry);
        _carryLength = 0;
        _carryUnparsed = false;
        ReturnPooled(ref _fragments);
        _fragmentsLength = 0;
        _pong = null;
    }

    public override async ValueTask DisposeAsync()
    {
        await CloseConnectionAsync().ConfigureAwait(false);
        _writing.Dispose();
    }

    private static string AppendQuery(string query, string parameter) =>
        string.IsNullOrEmpty(query) || query == "?" ? parameter : query.TrimStart('?') + "&" + parameter;

    int IReceiveHandler.CarryLength => _carryLength;

    void IReceiveHandler.MoveCarry(Span<byte> destination) => MoveCarry(destination);

    /// <summary>Every complete frame of what arrived is recorded; a cut one is carried. Pauses to answer a ping or to read slowly.</summary>
    ReceiveAction IReceiveHandler.OnReceived(Span<byte> buffer, int carried) => OnReceived(buffer);

    /// <summary>Reads on a receive loop until the connection ends or the client stops, leaving it only to answer pings or to wait as a slow client.</summary>
    private async Task ReceiveOnLoopAsync(LoopSocket socket, CancellationToken stop)
    {
        if (_carryUnparsed && !await AfterReadAsync(ParseHandshakeCarry(), stop).ConfigureAwait(false))
        {
            return;
        }

        while (!stop.IsCancellationRequested
            && await socket.ReceiveOnLoopAsync(this, stop).ConfigureAwait(false) == LoopExit.Paused
            && await AfterReadAsync(ReceiveAction.Pause, stop).ConfigureAwait(false))
        {
        }
    }

    /// <summary>The frames that came with the handshake response.</summary>
    private ReceiveAction ParseHandshakeCarry()
    {
        _carryUnparsed = false;
        var length = _carryLength;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            MoveCarry(buffer);
            return OnReceived(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One read and every complete frame in it; false when the server closed the connection.</summary>
    private async Task<bool> ReadFramesAsync(CancellationToken stop)
    {
        if (_carryUnparsed)
        {
            return await AfterReadAsync(ParseHandshakeCarry(), stop).ConfigureAwait(false);
        }

        if (_carryLength == 0)
        {
            // Waits for data without holding a buffer: idle connections cost no buffer memory.
            await _stream!.ReadAsync(Memory<byte>.Empty, stop).ConfigureAwait(false);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(_carryLength + ReadSize);
        ReceiveAction action;
        try
        {
            var carried = _carryLength;
            var read = await _stream!.ReadAsync(buffer.AsMemory(carried, buffer.Length - carried), stop).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            MoveCarry(buffer);
            action = OnReceived(buffer.AsSpan(0, carried + read));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return await AfterReadAsync(action, stop).ConfigureAwait(false);
    }

    /// <summary>What a read left to do off the receive path: a pong, a slow client's pause. False when the connection ended.</summary>
    private async Task<bool> AfterReadAsync(ReceiveAction action, CancellationToken stop)
    {
        if (_pong is { } ping)
        {
            _pong = null;
            await SendFrameAsync(WebSocketFrames.Pong, ping, stop).ConfigureAwait(false);
        }

        if (Subscription.IsSlow && _messagesInRead > 0)
        {
            // Not reading the socket meanwhile: its small buffer fills, then the server's queue for this client.
            await Task.Delay(Subscription.SlowDelay * _messagesInRead, stop).ConfigureAwait(false);
        }

        return action != ReceiveAction.End;
    }

    private ReceiveAction OnReceived(Span<byte> data)
    {
        _readAt = Context.Recorder.Clock.NowMicroseconds;
        Context.Recorder.RecordRead();
        var (consumed, open, ping, messages) = ParseFrames(data);
        if (consumed < data.Length)
        {
            Carry(data[consumed..]);
        }

        _pong = ping ?? _pong;
        _messagesInRead = messages;
        return !open ? ReceiveAction.End
            : _pong is not null || (Subscription.IsSlow && messages > 0) ? ReceiveAction.Pause
            : ReceiveAction.Continue;
    }

    private void MoveCarry(Span<byte> destination)
    {
        if (_carry is not null)
        {
            _carry.AsSpan(0, _carryLength).CopyTo(destination);
            ReturnPooled(ref _carry);
            _carryLength = 0;
        }
    }

    /// <summary>Records every complete frame; returns how many bytes they took, whether the connection is still open, the last ping's payload to answer, and how many messages there were.</summary>
    private (int Consumed, bool Open, byte[]? Ping, int Messages) ParseFrames(Span<byte> data)
    {
        var consumed = 0;
        var messages = 0;
        byte[]? ping = null;
        while (WebSocketFrames.TryRead(data[consumed..], out var final, out var opcode, out var payloadRange, out var frameLength))
        {
            var payload = data.Slice(consumed, frameLength)[payloadRange];
            consumed += frameLength;
            switch (opcode)
            {
                case WebSocketFrames.Text or WebSocketFrames.Binary when final && _fragments is null:
                    Receive(payload);
                    messages++;
                    break;
                case WebSocketFrames.Text or WebSocketFrames.Binary or WebSocketFrames.Continuation:
                    AppendFragment(payload);
                    if (final)
                    {
                        Receive(_fragments.AsSpan(0, _fragmentsLength));
                        messages++;
                        ReturnPooled(ref _fragments);
                        _fragmentsLength = 0;
                    }

                    break;
                case WebSocketFrames.Ping:
                    ping = payload.ToArray();
                    break;
                case WebSocketFrames.Close:
                    // The server ended the subscription (counted as a drop): a subscriber gets it back.
                    return (consumed, false, null, messages);
            }
        }

        return (consumed, true, ping, messages);
    }

    /// <summary>One message: the payload itself, or under <c>loadlab.v1</c> an envelope with its id (or a gap notice).</summary>
    private void Receive(ReadOnlySpan<byte> frame)
    {
        if (!_enveloped)
        {
            Context.Received(Subscription.Tracker, frame, Subscription.IsSlow, _readAt);
            return;
        }

        if (WebSocketEnvelope.TryRead(frame, out var id, out var data, out var gap))
        {
            _lastId = id;
            Context.Received(Subscription.Tracker, data, Subscription.IsSlow, _readAt);
        }
        else if (gap)
        {
            // The server could not resume without loss; the sequence tracking counts what is missing.
            Context.Recorder.ResumeGap();
        }
        else
        {
            Context.Recorder.Error();
        }
    }

    private void AppendFragment(ReadOnlySpan<byte> payload)
    {
        if (_fragments is null || _fragmentsLength + payload.Length > _fragments.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_fragmentsLength + payload.Length, 2 * (_fragments?.Length ?? 0)));
            _fragments?.AsSpan(0, _fragmentsLength).CopyTo(grown);
            ReturnPooled(ref _fragments);
            _fragments = grown;
        }

        payload.CopyTo(_fragments.AsSpan(_fragmentsLength));
        _fragmentsLength += payload.Length;
    }

    private void Carry(ReadOnlySpan<byte> rest)
    {
        _carry = ArrayPool<byte>.Shared.Rent(rest.Length);
        rest.CopyTo(_carry);
        _carryLength = rest.Length;
    }

    private static void ReturnPooled(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    /// <summary>One masked frame, written whole: the echo sender and the pong share the stream.</summary>
    private async Task SendFrameAsync(byte opcode, byte[] payload, CancellationToken stop)
    {
        var frame = ArrayPool<byte>.Shared.Rent(payload.Length + WebSocketFrames.MaxClientHeader);
        try
        {
            var length = WebSocketFrames.WriteClientFrame(frame, opcode, payload, (uint)Random.Shared.Next());
            await _writing.WaitAsync(stop).ConfigureAwait(false);
            try
            {
                await _stream!.WriteAsync(frame.AsMemory(0, length), stop).ConfigureAwait(false);
            }
            finally
            {
                _writing.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>Echo mode: this client's own open-loop schedule; its topic is its own, so what comes back is its echo.</summary>
    private async Task SendOnScheduleAsync(CancellationToken stop)
    {
        var clock = Context.Recorder.Clock;
        var interval = 1_000_000.0 / echoRate;
        var start = clock.NowMicroseconds;
        var payloadBytes = Context.Scenario.Publisher.PayloadBytes;
        try
        {
            for (var sequence = 1L; !stop.IsCancellationRequested; sequence++)
            {
                var scheduled = start + (long)((sequence - 1) * interval);
                var wait = scheduled - clock.NowMicroseconds;
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromTicks(wait * 10), stop).ConfigureAwait(false);
                }

                if (scheduled >= Context.Recorder.MeasuredFromMicroseconds && Subscription.Topic.FirstMeasured == long.MaxValue)
                {
                    Subscription.Topic.FirstMeasured = sequence;
                }

                Subscription.Topic.Sent(sequence);
                await SendFrameAsync(WebSocketFrames.Text, PayloadStamp.Create(sequence, scheduled, payloadBytes), stop).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Stopped, or the connection ended: the receive loop records it.
        }
    }
}
