using LoadLab.PushCore;
using Microsoft.AspNetCore.Http;

namespace LoadLab.Server.Endpoints;

/// <summary>
/// What every push endpoint does around its own protocol: check the topic and the resume id, admit
/// the connection through the <see cref="ConnectionGate"/>, subscribe, name the hub instance and announce
/// a resume gap in headers, cut the connection when it is dropped, run the transport, then release the
/// subscription and the gate slot.
/// </summary>
internal sealed class PushConnection(PushHub hub, ConnectionGate gate, BackplaneRefusal backplaneRefusal)
{
    /// <summary>
    /// The hub instance that issues the ids: sent on every push response, and given back by a client that
    /// resumes (this header, or <c>?instance=</c>) so that a restarted server knows the id is not its own.
    /// </summary>
    public const string InstanceHeader = "X-LoadLab-Instance";

    /// <summary>Runs <paramref name="transportLoop"/> for an admitted, subscribed connection; <paramref name="resumeId"/> is the request's resume id, if any, with its name for the error message.</summary>
    public async Task RunAsync(HttpContext context, Transport transport, (string? Value, string Name) resumeId, Func<Subscription, Task> transportLoop)
    {
        if (!PushRequest.TryReadTopic(context, out var topic, out var error)
            || !PushRequest.TryReadId(resumeId.Value, resumeId.Name, out var resumeAfterId, out error))
        {
            await error.ExecuteAsync(context);
            return;
        }

        if (!gate.TryEnter())
        {
            await gate.RejectAsync(context);
            return;
        }

        try
        {
            string? instance = context.Request.Headers[InstanceHeader];
            Subscription subscription;
            try
            {
                subscription = await hub.SubscribeAsync(
                    topic, transport, resumeAfterId, string.IsNullOrEmpty(instance) ? context.Request.Query["instance"] : instance, context.RequestAborted);
            }
            catch (BackplaneUnavailableException ex)
            {
                await backplaneRefusal.Refuse(context, ex, "the subscription needs it; retry later").ExecuteAsync(context);
                return;
            }

            using var subscribed = subscription;
            context.Response.Headers[InstanceHeader] = hub.InstanceId;
            if (subscription.Gap is { } gap)
            {
                context.Response.Headers[ResumeGapNotice.HeaderName] = ResumeGapNotice.HeaderValue(gap);
            }

            await using var aborted = context.RequestAborted.UnsafeRegister(static s => ((Subscriber)s!).Dispose(), subscription.Subscriber);
            var subscriber = subscription.Subscriber;
            subscriber.OnClose(_ => CutIfDropped(context, subscriber), null);
            await transportLoop(subscription);
        }
        finally
        {
            gate.Exit();
        }
    }

    /// <summary>
    /// A dropped connection is cut (a TCP reset: no close frame, no end of stream), as a proxy or a failing node
    /// cuts it: what a client must survive. Safe on the closing thread: aborting only schedules the
    /// cancellation callbacks, and the context is still this request's, since the subscriber was in its topic.
    /// </summary>
    private static void CutIfDropped(HttpContext context, Subscriber subscriber)
    {
        if (subscriber.CloseReason == SubscriberCloseReason.Dropped)
        {
            context.Abort();
        }
    }
}
