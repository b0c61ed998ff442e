using LoadLab.PushCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoadLab.Server;

/// <summary>
/// One timer for every SSE stream: each interval, the streams that sent nothing since the previous
/// tick get a comment line, so proxies and browsers do not cut them as idle. (WebSockets use the
/// protocol's own ping, sent by the framework at the same interval.)
/// </summary>
internal sealed class SseHeartbeatService(PushHub hub, IOptions<ReferenceServerOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                hub.RequestHeartbeats(Transport.Sse);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
