using LoadLab.Server;
using Microsoft.AspNetCore.Builder;

namespace LoadLab.Engine.Tests.Diagnosis;

/// <summary>The reference server on Kestrel (127.0.0.1, ephemeral port) and a real nginx in front of it, shared by one test class.</summary>
public sealed class ProxiedReferenceServer : IAsyncLifetime
{
    private WebApplication? _server;
    private NginxProxy? _proxy;

    public Uri Direct => _server!.GetListeningAddresses()[0];

    internal NginxProxy Proxy => _proxy!;

    public async Task InitializeAsync()
    {
        // No heartbeat while a test runs: one timer serves every stream, so with the default 15 s a tick could land
        // inside the /idle/ location's 2 s read timeout and keep the stream alive, or not, by chance.
        _server = ReferenceServer.Build(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Server:HeartbeatInterval"] = "00:10:00",
        });
        await _server.StartAsync();
        _proxy = await NginxProxy.StartAsync(Direct);
    }

    public Uri Publish(string topic) => new(Direct, $"/publish?topic={topic}");

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }
    }
}
