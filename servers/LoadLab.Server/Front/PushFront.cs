using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using LoadLab.PushCore;
using LoadLab.Server.Endpoints;
using LoadLab.Server.Endpoints.WebSockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoadLab.Server.Front;

/// <summary>
/// Serves WebSocket and SSE connections on their own sockets, in front of Kestrel: a push connection lives for
/// hours and receives every broadcast, and Kestrel's per-connection state (about 10.7 KB: pipes, HTTP/1.1
/// connection and request objects) and its two thread-pool hops per write (the endpoint's loop, then the
/// connection's send loop) were what kept the server at 1.7× the machine's floor (<c>docs/performance.md</c>).
/// A request the front takes gets the same checks, headers, resume and close behaviour as the Kestrel
/// endpoints; any request it does not take whole (errors, refusals, unusual heads) is Kestrel's, so every
/// diagnosis stays where it is. Thread-safe.
/// </summary>
internal sealed class PushFront : IAsyncDisposable
{
    // How long a new connection may take to send its request head before Kestrel gets it (and applies its own limits).
    private static readonly TimeSpan HeadWait = TimeSpan.FromSeconds(5);

    private readonly PushHub _hub;
    private readonly ConnectionGate _gate;
    private readonly OriginPolicy _origins;
    private readonly PublishAuthorization _publishing;
    private readonly ReferenceServerOptions _options;
    private readonly byte[] _retryField;
    private readonly Lock _liveGate = new();
    private readonly HashSet<DirectPushConnection> _live = [];
    private TaskCompletionSource? _allReleased;

    public PushFront(PushHub hub, ConnectionGate gate, OriginPolicy origins, PublishAuthorization publishing, IOptions<ReferenceServerOptions> options, ILogger<PushFront> logger)
    {
        _hub = hub;
        _gate = gate;
        _origins = origins;
        _publishing = publishing;
        _options = options.Value;
        _retryField = SseFraming.RetryField(_options.SseRetry);
        Sender = new PushSender(logger);
    }

    public PushSender Sender { get; }

    public TimeSpan CloseTimeout => _options.CloseTimeout;

    /// <summary>Push connections the front holds now.</summary>
    public int Count
    {
        get
        {
            lock (_liveGate)
            {
                return _live.Count;
            }
        }
    }

    /// <summary>
    /// Reads (without taking) a new connection's request head and serves it when it is a push request the front
    /// takes; false leaves the socket untouched, for Kestrel.
    /// </summary>
    public async Task<bool> TryTakeAsync(Socket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(FrontRequest.MaxHeadLength);
        try
        {
            using var timeout = new CancellationTokenSource(HeadWait);
            for (var attempt = 0; ; attempt++)
            {
                var peeked = await socket.ReceiveAsync(buffer.AsMemory(0, FrontRequest.MaxHeadLength), SocketFlags.Peek, timeout.Token);
                switch (FrontRequest.TryParse(buffer.AsSpan(0, peeked), out var request))
                {
                    case FrontParse.Request:
                        return await TryServeAsync(socket, request!, buffer);
                    case FrontParse.Incomplete when peeked > 0 && attempt < 20:
                        // The rest of the head is on its way: a peek returns at once while any byte waits, so wait a moment.
                        await Task.Delay(TimeSpan.FromMilliseconds(5), timeout.Token);
                        break;
                    default:
                        return false;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<bool> TryServeAsync(Socket socket, FrontRequest request, byte[] buffer)
    {
        if (!TopicName.TryValidate(request.Topic, out _)
            || !PushRequest.TryParseId(request.ResumeId, out var resumeAfterId)
            || (request.Transport == Transport.WebSocket && !_origins.Allows(request.Origin, "http", request.Host))
            || !_gate.TryEnter(countRefusal: false))
        {
            return false;
        }

        Subscription subscription;
        try
        {
            subscription = await _hub.SubscribeAsync(request.Topic!, request.Transport, resumeAfterId, request.Instance);
        }
        catch (BackplaneUnavailableException)
        {
            _gate.Exit();
            return false;
        }

        // From here on the connection is the front's: take the head off the socket, answer, stream.
        var taken = 0;
        try
        {
            while (taken < request.HeadLength)
            {
                taken += socket.Receive(buffer, taken, request.HeadLength - taken, SocketFlags.None);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            subscription.Dispose();
            _gate.Exit();
            socket.Dispose();
            return true;
        }

        var framing = request.Transport == Transport.Sse ? (PushFraming)SseFraming.Instance
            : request.WantsEnvelope ? WebSocketFraming.Envelope
            : WebSocketFraming.Plain;
        var frames = request.Transport == Transport.WebSocket
            ? new ClientFrameLoop(_hub, subscription.Subscriber.Topic, _publishing.IsAuthorized(request.Authorization), _options.MaxMessageSize)
            : null;
        var connection = new DirectPushConnection(socket, subscription, framing, frames, this);
        lock (_liveGate)
        {
            _live.Add(connection);
        }

        connection.Start(Opening(request, subscription, framing));
        return true;
    }

    /// <summary>The response head and the stream's first bytes: the SSE retry field and a resume gap notice (the replay follows from the sender).</summary>
    private byte[] Opening(FrontRequest request, Subscription subscription, PushFraming framing)
    {
        var head = new StringBuilder(256);
        if (request.Transport == Transport.Sse)
        {
            head.Append("HTTP/1.1 200 OK\r\nCache-Control: no-cache\r\nContent-Type: text/event-stream\r\n");
            AppendDate(head);
            head.Append("Transfer-Encoding: chunked\r\nX-Accel-Buffering: no\r\n");
        }
        else
        {
            head.Append("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n");
            AppendDate(head);
            head.Append("Upgrade: websocket\r\nSec-WebSocket-Accept: ").Append(WebSocketEndpoint.AcceptKey(request.WebSocketKey!)).Append("\r\n");
            if (request.WantsEnvelope)
            {
                head.Append("Sec-WebSocket-Protocol: ").Append(WebSocketEndpoint.SubProtocol).Append("\r\n");
            }
        }

        head.Append(PushConnection.InstanceHeader).Append(": ").Append(_hub.InstanceId).Append("\r\n");
        if (subscription.Gap is { } gap)
        {
            head.Append(ResumeGapNotice.HeaderName).Append(": ").Append(ResumeGapNotice.HeaderValue(gap)).Append("\r\n");
        }

        head.Append("\r\n");

        var batch = new SendBatch(initialSize: 1024);
        framing.Begin(batch);
        if (request.Transport == Transport.Sse)
        {
            batch.Add(_retryField);
        }

        if (subscription.Gap is { } notice)
        {
            framing.AddGap(batch, notice);
        }

        framing.End(batch);
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        var opening = new byte[headBytes.Length + batch.Written.Length];
        headBytes.CopyTo(opening, 0);
        batch.Written.CopyTo(opening.AsSpan(headBytes.Length));
        return opening;
    }

    private static void AppendDate(StringBuilder head) =>
        head.Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");

    /// <summary>A connection ended: its gate slot is free again.</summary>
    public void Released(DirectPushConnection connection)
    {
        TaskCompletionSource? allReleased = null;
        lock (_liveGate)
        {
            if (!_live.Remove(connection))
            {
                return;
            }

            if (_live.Count == 0)
            {
                allReleased = _allReleased;
            }
        }

        _gate.Exit();
        allReleased?.TrySetResult();
    }

    /// <summary>
    /// At shutdown, after the hub closed every subscriber: waits (at most the close timeout) for the connections to
    /// send their close frames or last chunks and end, then cuts what is left.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Task allReleased;
        lock (_liveGate)
        {
            _allReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            allReleased = _live.Count == 0 ? Task.CompletedTask : _allReleased.Task;
        }

        try
        {
            await allReleased.WaitAsync(_options.CloseTimeout);
        }
        catch (TimeoutException)
        {
            DirectPushConnection[] left;
            lock (_liveGate)
            {
                left = [.. _live];
            }

            foreach (var connection in left)
            {
                connection.Abort();
            }
        }

        Sender.Dispose();
    }
}
