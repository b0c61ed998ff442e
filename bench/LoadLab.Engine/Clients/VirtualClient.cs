using System.Diagnostics;
using System.Net.Sockets;

namespace LoadLab.Engine.Clients;

/// <summary>
/// One simulated user: connects, then receives until told to stop, recording everything into the
/// run's recorder. A client that <see cref="Reconnects"/> gets a lost connection back as a browser or an
/// SDK would: it waits a backoff delay (with jitter, so that a storm of drops does not return as a herd)
/// and connects again, resuming where it was when the transport can. No thread of its own: an async loop
/// on the thread pool. Used by one task at a time.
/// </summary>
internal abstract class VirtualClient(ClientContext context, ClientSubscription subscription) : IAsyncDisposable
{
    private readonly Backoff _backoff = new(context.Scenario.Reconnect, Random.Shared);
    private bool _connected;

    protected ClientContext Context => context;

    protected ClientSubscription Subscription => subscription;

    /// <summary>
    /// Whether the subscription is known to be in place when <see cref="ConnectAsync"/> returns, so
    /// every sequence sent afterwards is owed to this client. False where that moment is unknowable
    /// (long-polling): counting then starts at the first sequence received.
    /// </summary>
    protected virtual bool SubscribedOnConnect => true;

    /// <summary>Whether a connection that ends (other than by <c>stop</c>) is got back with <see cref="ConnectAsync"/>; a client that retries on its own says no.</summary>
    protected virtual bool Reconnects => false;

    /// <summary>The ceiling of the first reconnect delay when the scenario names none (SSE: the server's <c>retry:</c>).</summary>
    protected virtual TimeSpan DefaultReconnectDelay => Scenarios.ReconnectPolicy.DefaultInitialDelay;

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
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await ReceiveAsync(stop).ConfigureAwait(false);
                }
                catch (Exception ex) when (Reconnects && !stop.IsCancellationRequested && IsConnectionLoss(ex))
                {
                    // Lost: got back below, like a clean end of the connection.
                }

                if (stop.IsCancellationRequested || !Reconnects)
                {
                    break;
                }

                context.Recorder.Error();
                context.Recorder.Dropped();
                MarkDropped();
                await ReconnectAsync(stop).ConfigureAwait(false);
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Stopped by the load profile: the normal end.
        }
        catch (Exception ex) when (IsConnectionLoss(ex))
        {
            context.Recorder.Error();
        }
        finally
        {
            MarkDropped();
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The connection broke; the client may still win it back.</summary>
    private void MarkDropped()
    {
        if (_connected)
        {
            _connected = false;
            context.Recorder.Disconnected();
        }
    }

    /// <summary>Waits the backoff delay and connects again until it works or the client is stopped; every attempt is counted.</summary>
    private async Task ReconnectAsync(CancellationToken stop)
    {
        var dropped = Stopwatch.GetTimestamp();
        await CloseConnectionAsync().ConfigureAwait(false);
        while (true)
        {
            await Task.Delay(_backoff.Next(context.Scenario.Reconnect.InitialDelay ?? DefaultReconnectDelay), stop).ConfigureAwait(false);
            context.Recorder.ReconnectAttempted();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(context.ConnectTimeout);
            try
            {
                await ConnectAsync(timeout.Token, stop).ConfigureAwait(false);
                _backoff.Reset();
                _connected = true;
                context.Recorder.Reconnected(Stopwatch.GetElapsedTime(dropped));
                return;
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                context.Recorder.ReconnectFailed(ex is ConnectRefusedException refused ? refused.Reason : ConnectFailure.Classify(ex, timeout.IsCancellationRequested));
                await CloseConnectionAsync().ConfigureAwait(false);
            }
        }
    }

    private static bool IsConnectionLoss(Exception ex) =>
        ex is IOException or HttpRequestException or SocketException or System.Net.WebSockets.WebSocketException or ConnectRefusedException or ObjectDisposedException;

    /// <summary>
    /// Opens the connection (and the subscription); throws on failure. Called again to reconnect, after
    /// <see cref="CloseConnectionAsync"/>: the client then resumes where it was if its transport can. Work that
    /// outlives the connect belongs to <paramref name="stop"/>.
    /// </summary>
    protected abstract Task ConnectAsync(CancellationToken cancellationToken, CancellationToken stop);

    /// <summary>Receives until <paramref name="stop"/> is cancelled or the connection ends.</summary>
    protected abstract Task ReceiveAsync(CancellationToken stop);

    /// <summary>Releases the current connection, so that <see cref="ConnectAsync"/> can open another.</summary>
    protected abstract ValueTask CloseConnectionAsync();

    /// <summary>Releases the connection; <see cref="RunAsync"/> calls it when it ends.</summary>
    public abstract ValueTask DisposeAsync();
}
