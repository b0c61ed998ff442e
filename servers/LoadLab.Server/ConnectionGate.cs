using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LoadLab.Server;

/// <summary>
/// Counts the push connections held (WebSocket, SSE, pending long polls) and refuses those past
/// <see cref="ReferenceServerOptions.MaxConnections"/> with 503 and <c>Retry-After</c>, so a flood
/// is turned away while the connections already held keep being served. Thread-safe.
/// </summary>
internal sealed class ConnectionGate(IOptions<ReferenceServerOptions> options)
{
    private readonly int _maxConnections = options.Value.MaxConnections;
    private readonly string _retryAfterSeconds = ((int)Math.Ceiling(options.Value.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    private int _active;
    private long _rejected;

    public int Active => Volatile.Read(ref _active);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Takes a slot if one is free; a refusal is counted unless <paramref name="countRefusal"/> is false (the caller hands the request on to be refused and counted there).</summary>
    public bool TryEnter(bool countRefusal = true)
    {
        if (Interlocked.Increment(ref _active) <= _maxConnections)
        {
            return true;
        }

        Interlocked.Decrement(ref _active);
        if (countRefusal)
        {
            Interlocked.Increment(ref _rejected);
        }

        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _active);

    public Task RejectAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = _retryAfterSeconds;
        context.Response.ContentType = PushRequest.PlainText;
        return context.Response.WriteAsync(
            $"server holds its maximum of {_maxConnections} push connections (Server:MaxConnections); retry later\n",
            context.RequestAborted);
    }
}
