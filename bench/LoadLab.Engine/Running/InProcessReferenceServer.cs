using LoadLab.Server;
using Microsoft.AspNetCore.Builder;

namespace LoadLab.Engine.Running;

/// <summary>
/// The reference server inside the engine's own process, on a free 127.0.0.1 port. Cheap to start
/// (tests), but its memory and CPU cannot be told apart from the engine's: it reports no process id.
/// </summary>
public sealed class InProcessReferenceServer : ITargetServer
{
    private readonly WebApplication _app;

    private InProcessReferenceServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public int? ProcessId => null;

    public static async Task<ITargetServer> StartAsync(CancellationToken cancellationToken)
    {
        var app = ReferenceServer.Build(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new InProcessReferenceServer(app, app.GetListeningAddresses()[0]);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
