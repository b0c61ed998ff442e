using System.Net.Http.Headers;
using System.Net.ServerSentEvents;

namespace LoadLab.Engine.Clients;

/// <summary>
/// An SSE subscriber that behaves like a browser's <c>EventSource</c>: when the stream drops it waits
/// (the server's <c>retry:</c> delay, or the scenario's backoff) and reconnects with <c>Last-Event-ID</c>,
/// so a server that resumes loses nothing and one that does not shows its losses. It gives back the
/// server instance the id came from (<c>X-LoadLab-Instance</c>), so a restarted reference server knows the
/// id is not its own and says so with a gap notice. Events are parsed straight from the framework parser's
/// byte span into the stamp: no string per event. A slow client stops reading after each event.
/// </summary>
internal sealed class SseClient(ClientContext context, ClientSubscription subscription) : VirtualClient(context, subscription)
{
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");

    private HttpResponseMessage? _response;
    private string? _lastEventId;
    private string? _instance;
    private TimeSpan _retry = Scenarios.ReconnectPolicy.DefaultInitialDelay;

    protected override bool Reconnects => true;

    protected override TimeSpan DefaultReconnectDelay => _retry;

    protected override async Task ConnectAsync(CancellationToken cancellationToken, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Subscription.SubscribeUri);
        request.Headers.Accept.Add(EventStream);
        if (_lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", _lastEventId);
            if (_instance is not null)
            {
                request.Headers.Add(ResumeHeaders.Instance, _instance);
            }
        }

        if (Subscription.IsSlow)
        {
            request.Options.Set(TcpConnectNotification.ReceiveBufferKey, TcpConnectNotification.SlowReceiveBuffer);
        }

        var response = await Context.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new ConnectRefusedException(ConnectFailure.Http(response.StatusCode, response.Headers.Location));
        }

        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            var type = response.Content.Headers.ContentType?.MediaType ?? "none";
            response.Dispose();
            throw new ConnectRefusedException($"content-type {type}");
        }

        _instance = ResumeHeaders.InstanceOf(response.Headers) ?? _instance;
        _response = response;
    }

    protected override async Task ReceiveAsync(CancellationToken stop)
    {
        var stream = await _response!.Content.ReadAsStreamAsync(stop).ConfigureAwait(false);
        var parser = SseParser.Create(stream, OnEvent);
        try
        {
            await foreach (var item in parser.EnumerateAsync(stop).ConfigureAwait(false))
            {
                // The id of the last event dispatched whole: the parser's own LastEventId moves on at the
                // id: line already, so after a cut inside an event it names one that never arrived.
                _lastEventId = item.EventId is { Length: > 0 } id ? id : _lastEventId;
                if (Subscription.IsSlow)
                {
                    // Not reading the stream meanwhile: the server's queue for this client fills.
                    await Task.Delay(Subscription.SlowDelay, stop).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _retry = parser.ReconnectionInterval > TimeSpan.Zero ? parser.ReconnectionInterval : _retry;
        }
    }

    protected override ValueTask CloseConnectionAsync()
    {
        _response?.Dispose();
        _response = null;
        return ValueTask.CompletedTask;
    }

    public override ValueTask DisposeAsync() => CloseConnectionAsync();

    private bool OnEvent(string eventType, ReadOnlySpan<byte> data)
    {
        if (eventType == "gap")
        {
            // The server could not resume without loss; the sequence tracking counts what is missing.
            Context.Recorder.ResumeGap();
            return false;
        }

        Context.Received(Subscription.Tracker, data, Subscription.IsSlow);
        return true;
    }
}
