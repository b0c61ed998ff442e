using System.Buffers;
using LoadLab.PushCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LoadLab.Server.Endpoints;

/// <summary>
/// <c>GET /poll?topic=T&amp;after=ID</c>: answers at once with the held messages after ID, or waits up
/// to <see cref="ReferenceServerOptions.LongPollTimeout"/> for the next ones (200 with a JSON array
/// of <c>{"id":N,"data":"..."}</c>), or answers 204 when none came. Without <c>after</c>, waits
/// for messages published from now on.
/// </summary>
internal sealed class LongPollEndpoint(PushConnection connection, IOptions<ReferenceServerOptions> options)
{
    private readonly TimeSpan _timeout = options.Value.LongPollTimeout;

    public Task HandleAsync(HttpContext context) =>
        connection.RunAsync(context, Transport.LongPoll, (context.Request.Query["after"], "after"), subscription => AnswerAsync(context, subscription));

    private async Task AnswerAsync(HttpContext context, Subscription subscription)
    {
        try
        {
            var messages = subscription.Replay.Count > 0 ? subscription.Replay : await WaitForMessagesAsync(subscription.Subscriber, context.RequestAborted);
            if (messages.Count == 0)
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            await WriteMessagesAsync(context.Response, messages, context.RequestAborted);
            subscription.Subscriber.ReportDelivered(messages.Count);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left before the answer.
        }
    }

    private async Task<IReadOnlyList<PushMessage>> WaitForMessagesAsync(Subscriber subscriber, CancellationToken requestAborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        timeout.CancelAfter(_timeout);

        // Ending the subscription is what ends the wait: on timeout, on the client leaving, or at
        // shutdown. A message that arrived just then is still in the ring for the next poll.
        await using (timeout.Token.UnsafeRegister(static s => ((Subscriber)s!).Dispose(), subscriber))
        {
            if (!await subscriber.WaitAsync())
            {
                return [];
            }
        }

        List<PushMessage> messages = [];
        while (subscriber.TryDequeue(out var message))
        {
            messages.Add(message);
        }

        return messages;
    }

    private static async Task WriteMessagesAsync(HttpResponse response, IReadOnlyList<PushMessage> messages, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache";
        var writer = response.BodyWriter;
        writer.Write("["u8);
        for (var i = 0; i < messages.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(","u8);
            }

            writer.Write(messages[i].JsonEnvelope.Span);
        }

        writer.Write("]"u8);
        await writer.FlushAsync(cancellationToken);
    }
}
