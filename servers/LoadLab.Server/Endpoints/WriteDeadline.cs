using LoadLab.PushCore;

namespace LoadLab.Server.Endpoints;

/// <summary>
/// The token a transport's writes run under: cancelled when the client leaves, and
/// <see cref="ReferenceServerOptions.CloseTimeout"/> after the push core closes the subscriber (slow
/// consumer, shutdown), so a write that a client never reads cannot keep the connection alive.
/// </summary>
internal sealed class WriteDeadline : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly TimeSpan _grace;

    public WriteDeadline(Subscriber subscriber, TimeSpan grace, CancellationToken requestAborted)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        _grace = grace;
        subscriber.OnClose(static state => ((WriteDeadline)state!).Arm(), this);
    }

    public CancellationToken Token => _cancellation.Token;

    public void Dispose() => _cancellation.Dispose();

    private void Arm()
    {
        try
        {
            _cancellation.CancelAfter(_grace);
        }
        catch (ObjectDisposedException)
        {
            // The connection is already over.
        }
    }
}
