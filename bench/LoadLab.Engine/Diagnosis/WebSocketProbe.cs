using System.Buffers.Binary;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using LoadLab.Engine.Clients;

namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// Opens the WebSocket on a raw socket (TLS for wss://), with the engine's own handshake, so the exact status
/// line, headers and body of a refusal are seen — <c>ClientWebSocket</c> reports only "unexpected status".
/// After a <c>101</c> it sends a ping, answers the server's pings, and watches the frames for the listening
/// window while the test events, if any, are published. Not thread-safe: one probe per connection.
/// </summary>
internal sealed class WebSocketProbe(DoctorOptions options, ProbeClock clock) : IDisposable
{
    private static readonly byte[] PingPayload = "loadlab-doctor"u8.ToArray();

    private readonly SemaphoreSlim _writing = new(1, 1);

    public TimeSpan? ConnectedAt { get; private set; }

    public TimeSpan? TlsAt { get; private set; }

    public TimeSpan? ResponseAt { get; private set; }

    public async Task<WebSocketObservation> RunAsync(CancellationToken cancellationToken)
    {
        var target = options.Target;
        var origin = options.Origin ?? $"{(DoctorUrl.IsSecure(target) ? "https" : "http")}://{target.Authority}";
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            var step = "connect";
            ResponseHead? head;
            ArraySegment<byte> rest;
            string key;
            using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                waiting.CancelAfter(options.Timeout);
                try
                {
                    await socket.ConnectAsync(target.Host, target.Port, waiting.Token).ConfigureAwait(false);
                    ConnectedAt = clock.Now;
                    stream = new NetworkStream(socket, ownsSocket: false);
                    if (DoctorUrl.IsSecure(target))
                    {
                        step = "tls";
                        var tls = new SslStream(stream);
                        stream = tls;
                        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = target.Host }, waiting.Token).ConfigureAwait(false);
                        TlsAt = clock.Now;
                    }

                    step = "response";
                    key = WebSocketHandshake.CreateKey();
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(WebSocketHandshake.Request(target, key, ExtraHeaders(origin))), waiting.Token).ConfigureAwait(false);
                    string text;
                    (text, rest) = await HttpResponseHead.ReadAsync(stream, waiting.Token).ConfigureAwait(false);
                    ResponseAt = clock.Now;
                    head = ResponseHead.Parse(text);
                    if (head is null)
                    {
                        return Failed(new ConnectError(ConnectError.NotHttp, step, $"not an HTTP response: '{text.Split("\r\n")[0]}'"), origin);
                    }
                }
                catch (Exception ex) when (ex is SocketException or IOException or WebSocketException or System.Security.Authentication.AuthenticationException
                    or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    return Failed(ex is OperationCanceledException ? ConnectError.TimedOut(step, options.Timeout) : ConnectError.From(ex, step, timedOut: false), origin);
                }
            }

            if (head.StatusCode != 101)
            {
                var body = await ReadBodyAsync(stream, head, rest, cancellationToken).ConfigureAwait(false);
                return new WebSocketObservation(null, head with { BodyFirstLine = body }, null) { RequestedSubProtocol = options.SubProtocol, Origin = origin };
            }

            var observation = new WebSocketObservation(null, head, null)
            {
                RequestedSubProtocol = options.SubProtocol,
                Origin = origin,
                AcceptValid = head.Header("Sec-WebSocket-Accept") == WebSocketHandshake.ExpectedAccept(key),
            };
            return observation.AcceptValid ? await WatchAsync(stream, rest, observation, cancellationToken).ConfigureAwait(false) : observation;
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private WebSocketObservation Failed(ConnectError error, string origin) =>
        new(error, null, null) { RequestedSubProtocol = options.SubProtocol, Origin = origin };

    /// <summary>Sent as a browser would: an Origin (servers that check it refuse without one) and the subprotocol asked for.</summary>
    private string ExtraHeaders(string origin)
    {
        var headers = new StringBuilder();
        headers.Append(CultureInfo.InvariantCulture, $"Origin: {origin}\r\nUser-Agent: loadlab-doctor\r\n");
        if (options.SubProtocol is { } subProtocol)
        {
            headers.Append(CultureInfo.InvariantCulture, $"Sec-WebSocket-Protocol: {subProtocol}\r\n");
        }

        return headers.ToString();
    }

    /// <summary>The start of a refusal's body, as far as Content-Length says, the server closes, or the timeout.</summary>
    private async Task<string?> ReadBodyAsync(Stream stream, ResponseHead head, ArraySegment<byte> rest, CancellationToken cancellationToken)
    {
        var wanted = int.TryParse(head.Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var contentLength)
            ? Math.Min(contentLength, BodyText.MaxBytes)
            : BodyText.MaxBytes;
        var buffer = new byte[Math.Max(wanted, rest.Count)];
        rest.AsSpan().CopyTo(buffer);
        var length = rest.Count;
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reading.CancelAfter(options.Timeout);
        try
        {
            int read;
            while (length < wanted && (read = await stream.ReadAsync(buffer.AsMemory(length, wanted - length), reading.Token).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // What arrived is evidence enough.
        }

        var chunked = head.Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) ?? false;
        return BodyText.FirstLine(buffer.AsSpan(0, Math.Min(length, wanted)), chunked);
    }

    private async Task<WebSocketObservation> WatchAsync(Stream stream, ArraySegment<byte> early, WebSocketObservation observation, CancellationToken cancellationToken)
    {
        var openedAt = clock.Now;
        var publisher = options.Publish is null ? null : new TestEventPublisher(options, clock);
        var listenUntil = ProbeWindow.ListenUntil(options, openedAt, publisher, openedAt);
        var frames = new FrameLog(openedAt);
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        listening.CancelAfter(listenUntil - clock.Now);

        var reading = ReadFramesAsync(stream, early, frames, listening.Token);
        var pingSentAt = clock.Now;
        await SendAsync(stream, WebSocketFrames.Ping, PingPayload, cancellationToken).ConfigureAwait(false);
        var published = publisher is null ? null : await publisher.RunAsync(options.Publish!, cancellationToken).ConfigureAwait(false);
        await reading.ConfigureAwait(false);

        if (frames.PongAt is null && frames.EndedAt is null && frames.Close is null && clock.Now < pingSentAt + options.Timeout)
        {
            // The window was shorter than the timeout: give the pong the rest of it.
            using var waitingForPong = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            waitingForPong.CancelAfter(pingSentAt + options.Timeout - clock.Now);
            await ReadFramesAsync(stream, default, frames, waitingForPong.Token, untilPong: true).ConfigureAwait(false);
        }

        if (frames.EndedAt is null)
        {
            await SendAsync(stream, WebSocketFrames.Close, [0x03, 0xE8], cancellationToken).ConfigureAwait(false);
        }

        return observation with
        {
            Published = published,
            PongAfter = frames.PongAt - pingSentAt,
            Close = frames.Close,
            Stream = new StreamWatch(openedAt, listenUntil, frames.Messages, frames.ServerPings, frames.LastActivityAt, frames.Close?.At ?? frames.EndedAt, frames.EndReason),
        };
    }

    /// <summary>Reads and logs frames until the window closes (or the first pong), the server closes, or the connection ends.</summary>
    private async Task ReadFramesAsync(Stream stream, ArraySegment<byte> early, FrameLog frames, CancellationToken stop, bool untilPong = false)
    {
        var buffer = new byte[Math.Max(16 * 1024, 2 * early.Count)];
        var length = early.Count;
        early.AsSpan().CopyTo(buffer);
        try
        {
            while (true)
            {
                var consumed = 0;
                while (WebSocketFrames.TryRead(buffer.AsSpan(consumed, length - consumed), out var final, out var opcode, out var payloadRange, out var frameLength))
                {
                    var payload = buffer.AsSpan(consumed, frameLength)[payloadRange].ToArray();
                    consumed += frameLength;
                    if (opcode == WebSocketFrames.Ping)
                    {
                        await SendAsync(stream, WebSocketFrames.Pong, payload, stop).ConfigureAwait(false);
                    }

                    if (frames.Record(final, opcode, payload, clock.Now) || (untilPong && frames.PongAt is not null))
                    {
                        return;
                    }
                }

                buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
                length -= consumed;
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), stop).ConfigureAwait(false);
                if (read == 0)
                {
                    frames.End(clock.Now, "the connection closed without a close frame");
                    return;
                }

                frames.Touch(clock.Now);
                length += read;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The window is over; the connection was still open.
        }
        catch (IOException ex)
        {
            frames.End(clock.Now, ex.Message);
        }
    }

    private async Task SendAsync(Stream stream, byte opcode, byte[] payload, CancellationToken cancellationToken)
    {
        var frame = new byte[WebSocketFrames.MaxClientHeader + payload.Length];
        var length = WebSocketFrames.WriteClientFrame(frame, opcode, payload, BinaryPrimitives.ReadUInt32LittleEndian(RandomNumberGenerator.GetBytes(4)));
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(frame.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The server is gone; the read side records how.
        }
        finally
        {
            _writing.Release();
        }
    }

    public void Dispose() => _writing.Dispose();
}
