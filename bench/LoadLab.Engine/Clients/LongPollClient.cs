using System.Net;
using System.Text.Json;

namespace LoadLab.Engine.Clients;

/// <summary>
/// A long-polling subscriber: <c>GET subscribe-url&amp;after=ID</c> in a loop, where ID is the highest
/// message id received so far. A poll is answered only when a message comes, so the client counts as
/// connected once the TCP connection of its first poll is up and the server has not refused that poll
/// within <see cref="RefusalWindow"/>. The server's subscription moment is not visible to it, so its
/// counting starts at the first sequence received.
/// </summary>
internal sealed class LongPollClient(ClientContext context, ClientSubscription subscription) : VirtualClient(context, subscription)
{
    /// <summary>Pause after a failed poll, so a broken server is not hammered.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>How long a refusal of the first poll (a 4xx or 5xx answers at once) is waited for after the TCP connect.</summary>
    private static readonly TimeSpan RefusalWindow = TimeSpan.FromMilliseconds(200);

    private long? _after;
    private Task<HttpResponseMessage>? _firstPoll;

    protected override bool SubscribedOnConnect => false;

    protected override async Task ConnectAsync(CancellationToken cancellationToken, CancellationToken stop)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _firstPoll = PollAsync(() => connected.TrySetResult(), stop);
        await Task.WhenAny(connected.Task, _firstPoll).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!_firstPoll.IsCompleted)
        {
            await Task.WhenAny(_firstPoll, Task.Delay(RefusalWindow, cancellationToken)).ConfigureAwait(false);
        }

        if (_firstPoll.IsCompleted)
        {
            // Answered at once: a refusal throws here, and counts as a failed connection.
            await _firstPoll.ConfigureAwait(false);
        }
    }

    protected override async Task ReceiveAsync(CancellationToken stop)
    {
        var pending = _firstPoll;
        _firstPoll = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var answer = await (pending ?? PollAsync(connected: null, stop)).ConfigureAwait(false);
                pending = null;
                using (answer)
                {
                    if (answer.StatusCode == HttpStatusCode.OK)
                    {
                        Read(await answer.Content.ReadAsByteArrayAsync(stop).ConfigureAwait(false));
                    }
                }
            }
            catch (Exception ex) when (!stop.IsCancellationRequested && ex is HttpRequestException or IOException or ConnectRefusedException or JsonException)
            {
                pending = null;
                Context.Recorder.Error();
                await Task.Delay(RetryDelay, stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Never called: a long-poll client retries its polls itself (<see cref="VirtualClient.Reconnects"/> is false).</summary>
    protected override ValueTask CloseConnectionAsync() => ValueTask.CompletedTask;

    /// <summary>A first poll still pending when the client is disposed ends with the client's stop token; nothing to release here.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<HttpResponseMessage> PollAsync(Action? connected, CancellationToken cancellationToken)
    {
        var uri = Subscription.SubscribeUri;
        if (_after is { } after)
        {
            var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
            uri = new Uri(uri + separator + "after=" + after.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (connected is not null)
        {
            request.Options.Set(TcpConnectNotification.Key, connected);
        }

        var response = await Context.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NoContent))
        {
            response.Dispose();
            throw new ConnectRefusedException(ConnectFailure.Http(response.StatusCode, response.Headers.Location));
        }

        return response;
    }

    /// <summary>Reads <c>[{"id":N,"data":"..."}, ...]</c>; the stamp is plain ASCII, so the data needs no unescaping.</summary>
    private void Read(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.ValueTextEquals("id"u8) && reader.Read())
            {
                _after = Math.Max(_after ?? 0, reader.GetInt64());
            }
            else if (reader.ValueTextEquals("data"u8) && reader.Read())
            {
                // Escapes appear only in payloads that are not ours; they may cost a string.
                var data = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
                Context.Received(Subscription.Tracker, data);
            }
        }
    }
}
