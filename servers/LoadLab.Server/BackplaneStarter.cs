using LoadLab.PushCore;
using Microsoft.Extensions.Hosting;

namespace LoadLab.Server;

/// <summary>Connects the hub's backplane, if any, when the server starts: a Redis it cannot reach then stops the start with the reason.</summary>
internal sealed class BackplaneStarter(PushHub hub) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => hub.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
