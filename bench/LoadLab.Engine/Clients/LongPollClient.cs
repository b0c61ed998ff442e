using System.Net;
using System.Text.Json;

namespace LoadLab.Engine.Clients;

/// <summary>
/// A long-polling subscriber: <c>GET subscribe-url&amp;after=ID</c> in a loop, where ID is the highest
/// message id received so far. It counts as connected once its first poll is answered; since the
/// server's subscription moment is not visible to it, its counting starts at the first sequence received.
/// </summary>
internal sealed class LongPollClient(ClientContext context, ClientSubscription subscription) : VirtualClient(context, subscription)
{
    /// <summary>Pause after a failed poll, so a broken server is not hammered.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private long? _after;
    private HttpResponseMessage? _firstAnswer;

    protected override bool SubscribedOnConnect => false;

    protected override async Task ConnectAsync(CancellationToken cancellationToken) =>
        _firstAnswer = await PollAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task ReceiveAsync(CancellationToken stop)
    {
        var answer = _firstAnswer;
        _firstAnswer = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                answer ??= await PollAsync(stop).ConfigureAwait(false);
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
                Context.Recorder.Error();
                await Task.Delay(RetryDelay, stop).ConfigureAwait(false);
            }

            answer = null;
        }
    }

    public override ValueTask DisposeAsync()
    {
        _firstAnswer?.Dispose();
        _firstAnswer = null;
        return ValueTask.CompletedTask;
    }

    private async Task<HttpResponseMessage> PollAsync(CancellationToken cancellationToken)
    {
        var uri = Subscription.SubscribeUri;
        if (_after is { } after)
        {
            var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
            uri = new Uri(uri + separator + "after=" + after.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await Context.Http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
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
