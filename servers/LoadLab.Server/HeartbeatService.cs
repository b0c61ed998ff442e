using LoadLab.PushCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoadLab.Server;

/// <summary>
/// One timer for every push stream: each interval, the SSE streams and WebSockets that sent nothing since
/// the previous tick get a keep-alive (an SSE comment line, a WebSocket ping), so proxies and browsers do
/// not cut them as idle.
/// </summary>
internal sealed class HeartbeatService(PushHub hub, IOptions<ReferenceServerOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                hub.RequestHeartbeats(Transport.Sse);
                hub.RequestHeartbeats(Transport.WebSocket);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
