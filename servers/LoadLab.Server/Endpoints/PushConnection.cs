using LoadLab.PushCore;
using Microsoft.AspNetCore.Http;

namespace LoadLab.Server.Endpoints;

/// <summary>
/// What every push endpoint does around its own protocol: check the topic and the resume id, admit
/// the connection through the <see cref="ConnectionGate"/>, subscribe, announce a resume gap in a
/// header, run the transport, then release the subscription and the gate slot.
/// </summary>
internal sealed class PushConnection(PushHub hub, ConnectionGate gate, BackplaneRefusal backplaneRefusal)
{
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
            Subscription subscription;
            try
            {
                subscription = await hub.SubscribeAsync(topic, transport, resumeAfterId, context.RequestAborted);
            }
            catch (BackplaneUnavailableException ex)
            {
                await backplaneRefusal.Refuse(context, ex, "the subscription needs it; retry later").ExecuteAsync(context);
                return;
            }

            using var subscribed = subscription;
            if (subscription.Gap is { } gap)
            {
                context.Response.Headers[ResumeGapNotice.HeaderName] = ResumeGapNotice.HeaderValue(gap);
            }

            await using var aborted = context.RequestAborted.UnsafeRegister(static s => ((Subscriber)s!).Dispose(), subscription.Subscriber);
            await transportLoop(subscription);
        }
        finally
        {
            gate.Exit();
        }
    }
}
