using System.Buffers;
using System.IO.Pipelines;
using LoadLab.PushCore;
using LoadLab.Server.Front;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace LoadLab.Server.Endpoints;

/// <summary>
/// <c>GET /sse?topic=T</c>: a <c>text/event-stream</c> written from each message's shared, pre-encoded
/// bytes. Resumes after <c>Last-Event-ID</c> (or <c>?lastEventId=</c>) from the replay ring.
/// </summary>
internal sealed class SseEndpoint(PushConnection connection, IOptions<ReferenceServerOptions> options)
{
    private readonly TimeSpan _closeTimeout = options.Value.CloseTimeout;

    // Formatted once: every stream starts with the same reconnection delay.
    private readonly byte[] _retryField = SseFraming.RetryField(options.Value.SseRetry);

    public Task HandleAsync(HttpContext context)
    {
        string? lastEventId = context.Request.Headers["Last-Event-ID"];
        (string?, string) resumeId = string.IsNullOrEmpty(lastEventId)
            ? (context.Request.Query["lastEventId"], "lastEventId")
            : (lastEventId, "Last-Event-ID");
        return connection.RunAsync(context, Transport.Sse, resumeId, subscription => StreamAsync(context, subscription));
    }

    private async Task StreamAsync(HttpContext context, Subscription subscription)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Tells nginx-style proxies not to buffer the stream.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var writer = response.BodyWriter;
        var subscriber = subscription.Subscriber;
        writer.Write(_retryField);
        if (subscription.Gap is { } gap)
        {
            writer.Write(ResumeGapNotice.SseEvent(gap));
        }

        foreach (var message in subscription.Replay)
        {
            writer.Write(message.SseEvent.Span);
        }

        try
        {
            using var writes = new WriteDeadline(subscriber, _closeTimeout, context.RequestAborted);
            var flushed = await writer.FlushAsync(writes.Token);
            ReportDelivered(subscriber, flushed, subscription.Replay.Count);

            while (!flushed.IsCompleted && await subscriber.WaitAsync())
            {
                if (subscriber.TakeHeartbeat())
                {
                    writer.Write(SseFraming.Heartbeat);
                }

                var count = 0;
                while (subscriber.TryDequeue(out var message))
                {
                    writer.Write(message.SseEvent.Span);
                    count++;
                }

                flushed = await writer.FlushAsync(writes.Token);
                ReportDelivered(subscriber, flushed, count);
            }
        }
        catch (OperationCanceledException)
        {
            // The client left, or stopped reading after the subscriber was closed: nobody to end the stream for.
            context.Abort();
        }
    }

    private static void ReportDelivered(Subscriber subscriber, FlushResult flushed, int count)
    {
        // A completed pipe means the client is gone: what was written never left the server.
        if (!flushed.IsCompleted)
        {
            subscriber.ReportDelivered(count);
        }
    }
}
