using System.Diagnostics;

namespace LoadLab.Engine.Clients;

/// <summary>
/// One simulated user: connects, then receives until told to stop, recording everything into the
/// run's recorder. No thread of its own: an async loop on the thread pool. Used by one task at a time.
/// </summary>
internal abstract class VirtualClient(ClientContext context, ClientSubscription subscription) : IAsyncDisposable
{
    protected ClientContext Context => context;

    protected ClientSubscription Subscription => subscription;

    /// <summary>
    /// Whether the subscription is known to be in place when <see cref="ConnectAsync"/> returns, so
    /// every sequence sent afterwards is owed to this client. False where that moment is unknowable
    /// (long-polling): counting then starts at the first sequence received.
    /// </summary>
    protected virtual bool SubscribedOnConnect => true;

    private bool _connected;

    public async Task RunAsync(CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            connectTimeout.CancelAfter(context.ConnectTimeout);
            try
            {
                await ConnectAsync(connectTimeout.Token, stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                context.Recorder.ConnectFailed(ex is ConnectRefusedException refused ? refused.Reason : ConnectFailure.Classify(ex, connectTimeout.IsCancellationRequested));
                await DisposeAsync().ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                await DisposeAsync().ConfigureAwait(false);
                return;
            }
        }

        context.Recorder.Connected(Stopwatch.GetElapsedTime(started));
        _connected = true;
        if (SubscribedOnConnect)
        {
            subscription.Tracker.StartAt(subscription.Topic.LastSent + 1);
        }

        try
        {
            await ReceiveAsync(stop).ConfigureAwait(false);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Stopped by the load profile: the normal end.
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or System.Net.WebSockets.WebSocketException or ConnectRefusedException)
        {
            context.Recorder.Error();
        }
        finally
        {
            MarkDropped();
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The connection broke; the client may still win it back (<see cref="MarkReconnected"/>).</summary>
    protected void MarkDropped()
    {
        if (_connected)
        {
            _connected = false;
            context.Recorder.Disconnected();
        }
    }

    protected void MarkReconnected()
    {
        _connected = true;
        context.Recorder.Reconnected();
    }

    /// <summary>Opens the connection (and the subscription); throws on failure. Work that outlives the connect belongs to <paramref name="stop"/>.</summary>
    protected abstract Task ConnectAsync(CancellationToken cancellationToken, CancellationToken stop);

    /// <summary>Receives until <paramref name="stop"/> is cancelled or the connection ends for good.</summary>
    protected abstract Task ReceiveAsync(CancellationToken stop);

    /// <summary>Releases the connection; <see cref="RunAsync"/> calls it when it ends.</summary>
    public abstract ValueTask DisposeAsync();
}
