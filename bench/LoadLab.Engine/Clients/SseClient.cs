using System.Net.Http.Headers;
using System.Net.ServerSentEvents;

namespace LoadLab.Engine.Clients;

/// <summary>
/// An SSE subscriber that behaves like a browser's <c>EventSource</c>: when the stream drops it waits
/// the server's <c>retry:</c> delay and reconnects with <c>Last-Event-ID</c>, so a server that resumes
/// loses nothing and one that does not shows its losses. Events are parsed straight from the
/// framework parser's byte span into the stamp: no string per event.
/// </summary>
internal sealed class SseClient(ClientContext context, ClientSubscription subscription) : VirtualClient(context, subscription)
{
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");

    private HttpResponseMessage? _response;
    private string? _lastEventId;
    private TimeSpan _retry = TimeSpan.FromSeconds(1);

    protected override Task ConnectAsync(CancellationToken cancellationToken, CancellationToken stop) => OpenStreamAsync(cancellationToken);

    private async Task OpenStreamAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Subscription.SubscribeUri);
        request.Headers.Accept.Add(EventStream);
        if (_lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", _lastEventId);
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

        _response = response;
    }

    protected override async Task ReceiveAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await ReadStreamAsync(stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested && ex is IOException or HttpRequestException)
            {
                // Dropped: a browser would reconnect, and so do we.
            }

            if (stop.IsCancellationRequested)
            {
                return;
            }

            Context.Recorder.Error();
            MarkDropped();
            await ReconnectAsync(stop).ConfigureAwait(false);
        }
    }

    public override ValueTask DisposeAsync()
    {
        _response?.Dispose();
        _response = null;
        return ValueTask.CompletedTask;
    }

    private async Task ReadStreamAsync(CancellationToken stop)
    {
        var stream = await _response!.Content.ReadAsStreamAsync(stop).ConfigureAwait(false);
        var parser = SseParser.Create(stream, OnEvent);
        await foreach (var _ in parser.EnumerateAsync(stop).ConfigureAwait(false))
        {
            // OnEvent has recorded it; the loop only drives the parser.
        }

        _lastEventId = parser.LastEventId is { Length: > 0 } id ? id : _lastEventId;
        _retry = parser.ReconnectionInterval > TimeSpan.Zero ? parser.ReconnectionInterval : _retry;
    }

    private bool OnEvent(string eventType, ReadOnlySpan<byte> data)
    {
        if (eventType == "gap")
        {
            // The server says it could not resume without loss; the tracker will count what is missing.
            Context.Recorder.Error();
            return false;
        }

        Context.Received(Subscription.Tracker, data);
        return true;
    }

    private async Task ReconnectAsync(CancellationToken stop)
    {
        _response?.Dispose();
        _response = null;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(_retry, stop).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(Context.ConnectTimeout);
            try
            {
                await OpenStreamAsync(timeout.Token).ConfigureAwait(false);
                MarkReconnected();
                return;
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                Context.Recorder.ReconnectFailed((ex is ConnectRefusedException refused ? refused.Reason : ConnectFailure.Classify(ex, timeout.IsCancellationRequested)));
            }
        }
    }
}
