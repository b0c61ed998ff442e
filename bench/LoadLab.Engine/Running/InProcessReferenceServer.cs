using LoadLab.Server;
using Microsoft.AspNetCore.Builder;

namespace LoadLab.Engine.Running;

/// <summary>
/// The reference server inside the engine's own process, on a free 127.0.0.1 port. Cheap to start
/// (tests), but its memory and CPU cannot be told apart from the engine's: it reports no process id.
/// </summary>
public sealed class InProcessReferenceServer : ITargetServer
{
    private WebApplication _app;

    private InProcessReferenceServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public int? ProcessId => null;

    public bool CanRestart => true;

    /// <summary>Starts the server; <paramref name="settings"/> are configuration keys such as <c>Push:QueueSize</c>.</summary>
    public static async Task<ITargetServer> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var app = await StartAppAsync(new Uri("http://127.0.0.1:0"), settings, cancellationToken).ConfigureAwait(false);
        return new InProcessReferenceServer(app, app.GetListeningAddresses()[0]) { Settings = settings };
    }

    public static Task<ITargetServer> StartAsync(CancellationToken cancellationToken) => StartAsync(new Dictionary<string, string>(), cancellationToken);

    private IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public async Task RestartAsync(TimeSpan down, CancellationToken cancellationToken)
    {
        // No graceful stop: its clients must see what a crash looks like, cut connections.
        await _app.StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await Task.Delay(down, cancellationToken).ConfigureAwait(false);
        _app = await StartAppAsync(Address, Settings, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<WebApplication> StartAppAsync(Uri address, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, string?>(settings.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value)))
        {
            ["urls"] = address.GetLeftPart(UriPartial.Authority),
        };
        all.TryAdd("Logging:LogLevel:Default", "Warning");
        var app = ReferenceServer.Build(all);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
