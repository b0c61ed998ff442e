using System.Buffers;
using System.IO.Pipelines;
using LoadLab.PushCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LoadLab.Server.Endpoints;

/// <summary><c>POST /publish?topic=T</c>: the body, opaque bytes, is published to every subscriber of every transport.</summary>
internal sealed class PublishEndpoint(PushHub hub, BackplaneRefusal backplaneRefusal, IOptions<ReferenceServerOptions> options)
{
    private readonly int _maxMessageSize = options.Value.MaxMessageSize;
    private readonly TimeSpan _delay = options.Value.PublishDelay;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        if (!PushRequest.TryReadTopic(context, out var topic, out var error))
        {
            return error;
        }

        if (context.Request.ContentLength > _maxMessageSize)
        {
            return TooLarge(context.Request.ContentLength.Value);
        }

        var payload = await ReadBodyAsync(context.Request.BodyReader, context.RequestAborted);
        if (payload is null)
        {
            return TooLarge(null);
        }

        if (_delay > TimeSpan.Zero)
        {
            await Task.Delay(_delay, context.RequestAborted);
        }

        try
        {
            var id = await hub.PublishAsync(topic, payload, context.RequestAborted);
            return TypedResults.Ok(new PublishResponse(topic, id));
        }
        catch (BackplaneUnavailableException ex)
        {
            return backplaneRefusal.Refuse(context, ex, "nothing was published");
        }
    }

    /// <summary>Reads the whole body, or returns null as soon as it grows past the limit (a chunked body has no length to check first).</summary>
    private async Task<byte[]?> ReadBodyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > _maxMessageSize)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }

            if (read.IsCompleted)
            {
                var payload = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return payload;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private IResult TooLarge(long? length) => PushRequest.Text(
        StatusCodes.Status413PayloadTooLarge,
        length is { } bytes
            ? $"payload of {bytes} bytes exceeds the limit of {_maxMessageSize} bytes (Server:MaxMessageSize); nothing was published"
            : $"payload exceeds the limit of {_maxMessageSize} bytes (Server:MaxMessageSize); nothing was published");
}
