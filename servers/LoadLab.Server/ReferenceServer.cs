using LoadLab.PushCore;
using LoadLab.Server.Endpoints;
using LoadLab.Server.Front;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoadLab.Server;

/// <summary>
/// Builds the reference push server: Kestrel and a minimal API over one <see cref="PushHub"/>.
/// Settings come from configuration: <c>urls</c>, the <c>Push</c> section (<see cref="PushHubOptions"/>)
/// and the <c>Server</c> section (<see cref="ReferenceServerOptions"/>); environment variables such as
/// <c>Push__QueueSize</c> work too. With <c>Push:Backplane=redis</c> several servers share their topics through Redis. Invalid settings fail at build time with an <see cref="OptionsValidationException"/>.
/// </summary>
public static class ReferenceServer
{
    /// <summary>Builds the server; <paramref name="settings"/> are configuration keys such as <c>Push:QueueSize</c> or <c>urls</c>.</summary>
    public static WebApplication Build(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // Per-request logs would drown a load run; the given settings can turn them back on.
        // Hosting's diagnostics off as well: with any of its levels on, every request gets an Activity and a log scope
        // (about 400 bytes that a push connection holds for its whole life) only to correlate the request logs.
        builder.Configuration.AddInMemoryCollection([
            new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),
            new("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "None"),
        ]);
        builder.Configuration.AddInMemoryCollection(settings);
        var urls = builder.Configuration["urls"] ?? ReferenceServerOptions.DefaultUrls;
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        var socketOptions = builder.Configuration.GetSection(ReferenceServerOptions.SectionName);
        var sendBuffer = socketOptions.GetValue<int>(nameof(ReferenceServerOptions.SocketSendBuffer));
        builder.WebHost.UseSockets(sockets =>
        {
            sockets.Backlog = socketOptions.GetValue(nameof(ReferenceServerOptions.ListenBacklog), new ReferenceServerOptions().ListenBacklog);
            if (sendBuffer > 0)
            {
                sockets.CreateBoundListenSocket = endpoint =>
                {
                    var listener = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
                    listener.SendBufferSize = sendBuffer;
                    return listener;
                };
            }
        });

        var services = builder.Services;
        services.AddOptions<PushHubOptions>().BindConfiguration(PushHubOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReferenceServerOptions>().BindConfiguration(ReferenceServerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServerJsonContext.Default));
        services.AddSingleton(provider => new PushHub(provider.GetRequiredService<IOptions<PushHubOptions>>().Value, provider.GetRequiredService<ILogger<PushHub>>()));
        services.AddSingleton<BackplaneRefusal>();
        services.AddHostedService<BackplaneStarter>();
        services.AddSingleton<ConnectionGate>();
        services.AddSingleton<OriginPolicy>();
        services.AddSingleton<PublishAuthorization>();
        services.AddSingleton<PushConnection>();
        services.AddSingleton<WebSocketEndpoint>();
        services.AddSingleton<SseEndpoint>();
        services.AddSingleton<LongPollEndpoint>();
        services.AddSingleton<PublishEndpoint>();
        services.AddSingleton<MetricsEndpoint>();
        services.AddSingleton<AdminEndpoint>();
        services.AddHostedService<HeartbeatService>();
        if (socketOptions.GetValue(nameof(ReferenceServerOptions.PushFront), new ReferenceServerOptions().PushFront))
        {
            // Registered after Kestrel's socket transport, so Kestrel binds TCP endpoints with this one.
            services.AddSingleton<PushFront>();
            services.AddSingleton<IConnectionListenerFactory, PushFrontListenerFactory>();
        }

        var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<ReferenceServerOptions>>().Value;
        ListenAddressPolicy.Check(urls, options);
        var hub = app.Services.GetRequiredService<PushHub>();

        // Streams end on their own at shutdown: WebSockets get a close frame, SSE responses complete.
        app.Lifetime.ApplicationStopping.Register(() => hub.CloseAll(SubscriberCloseReason.ServerShutdown));

        // Only for its handshake checks (context.WebSockets): the WebSocket endpoint upgrades and frames by itself.
        app.UseWebSockets();
        app.MapPushEndpoints();
        return app;
    }

    /// <summary>The addresses the server listens on, with the real ports once started (<c>:0</c> becomes the port the OS chose).</summary>
    public static IReadOnlyList<Uri> GetListeningAddresses(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return [.. addresses.Select(address => new Uri(address))];
    }
}
