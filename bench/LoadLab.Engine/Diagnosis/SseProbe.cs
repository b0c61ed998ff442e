using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LoadLab.Engine.Diagnosis;

/// <summary>
/// Opens the SSE stream as a browser would (GET, <c>Accept: text/event-stream</c>; HTTP/2 offered over TLS),
/// without following redirects or decompressing, so the response is seen as it came. When it is a stream, it
/// is watched for the listening window while the test events, if any, are published.
/// </summary>
internal sealed class SseProbe(DoctorOptions options, ProbeClock clock)
{
    private const int ReadSize = 16 * 1024;

    /// <summary>Time for the request to reach the server (through any proxy) and subscribe, before the test events are published anyway.</summary>
    private static readonly TimeSpan SubscribeSettle = TimeSpan.FromMilliseconds(300);

    private TimeSpan? _connectedAt;

    public TimeSpan? ConnectedAt => _connectedAt;

    public TimeSpan? ResponseAt { get; private set; }

    public async Task<SseObservation> RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient(CreateHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, options.Target);
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.CacheControl = new() { NoCache = true };
        request.Headers.UserAgent.ParseAdd("loadlab-doctor");
        // As a browser asks: a server or proxy that compresses the stream does so only when offered.
        request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        if (DoctorUrl.IsSecure(options.Target))
        {
            // Browsers get HTTP/2 over TLS when the server offers it, and with it more than 6 streams per host.
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }

        var publisher = options.Publish is null ? null : new TestEventPublisher(options, clock);
        Task<PublishLog>? publishing = null;
        TimeSpan publishStartedAt = default;
        HttpResponseMessage response;
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            waiting.CancelAfter(options.Timeout);
            var requestedAt = clock.Now;
            var sending = http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, waiting.Token);
            if (publisher is not null && await Task.WhenAny(sending, Task.Delay(SubscribeSettle, cancellationToken)).ConfigureAwait(false) != sending && _connectedAt is not null)
            {
                // Connected, but no headers yet: a buffering proxy holds even the headers until the events fill its
                // buffer, so publish now, and wait for the headers until the events have had time to arrive.
                (publishing, publishStartedAt) = (publisher.RunAsync(options.Publish!, cancellationToken), clock.Now);
                var deadline = TimeSpan.FromTicks(Math.Max((requestedAt + options.Timeout).Ticks, (publishStartedAt + ProbeWindow.PublishingWithGrace(publisher)).Ticks));
                waiting.CancelAfter(deadline - clock.Now);
            }

            try
            {
                response = await sending.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                var step = ex is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } ? "tls" : _connectedAt is null ? "connect" : "response";
                var error = ex is OperationCanceledException ? ConnectError.TimedOut(step, clock.Now - requestedAt) : ConnectError.From(ex, step, timedOut: false);
                return new SseObservation(error, null, null, publishing is null ? null : await publishing.ConfigureAwait(false));
            }
        }

        using (response)
        {
            ResponseAt = clock.Now;
            var head = Head(response);
            var isStream = response.StatusCode == HttpStatusCode.OK
                && (response.Content.Headers.ContentType?.MediaType?.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase) ?? false)
                && response.Content.Headers.ContentEncoding.Count == 0;
            if (!isStream)
            {
                var compressed = response.Content.Headers.ContentEncoding.Count > 0;
                var refusal = compressed ? head : head with { BodyFirstLine = await ReadFirstLineAsync(response, cancellationToken).ConfigureAwait(false) };
                return new SseObservation(null, refusal, null, publishing is null ? null : await publishing.ConfigureAwait(false));
            }

            if (publisher is not null && publishing is null)
            {
                (publishing, publishStartedAt) = (publisher.RunAsync(options.Publish!, cancellationToken), clock.Now);
            }

            var listenUntil = ProbeWindow.ListenUntil(options, ResponseAt.Value, publisher, publishStartedAt);
            var stream = await WatchAsync(response, ResponseAt.Value, listenUntil, cancellationToken).ConfigureAwait(false);
            return new SseObservation(null, head, stream, publishing is null ? null : await publishing.ConfigureAwait(false));
        }
    }

    private SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        ConnectTimeout = options.Timeout,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                _connectedAt = clock.Now;
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private async Task<StreamWatch> WatchAsync(HttpResponseMessage response, TimeSpan openedAt, TimeSpan listenUntil, CancellationToken cancellationToken)
    {
        var reader = new SseEventReader();
        var lastActivity = openedAt;
        TimeSpan? endedAt = null;
        string? endReason = null;
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        listening.CancelAfter(listenUntil - clock.Now);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var read = await body.ReadAsync(buffer, listening.Token).ConfigureAwait(false);
                var now = clock.Now;
                if (read == 0)
                {
                    (endedAt, endReason) = (now, "the server closed the stream");
                    break;
                }

                lastActivity = now;
                reader.Append(buffer.AsSpan(0, read), now);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The listening window is over; the stream was still open.
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            (endedAt, endReason) = (clock.Now, ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new StreamWatch(openedAt, listenUntil, reader.Events, reader.Comments, lastActivity, endedAt, endReason);
    }

    private static ResponseHead Head(HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))
            .ToList();
        var version = response.Version.Major >= 2
            ? string.Create(CultureInfo.InvariantCulture, $"HTTP/{response.Version.Major}")
            : string.Create(CultureInfo.InvariantCulture, $"HTTP/{response.Version.Major}.{response.Version.Minor}");
        return new ResponseHead(version, (int)response.StatusCode, response.ReasonPhrase ?? "", headers);
    }

    private async Task<string?> ReadFirstLineAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        reading.CancelAfter(options.Timeout);
        var buffer = new byte[BodyText.MaxBytes];
        var length = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(reading.Token).ConfigureAwait(false);
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), reading.Token).ConfigureAwait(false)) > 0)
            {
                length += read;
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // What arrived is evidence enough.
        }

        return BodyText.FirstLine(buffer.AsSpan(0, length), chunked: false);
    }
}
