using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using LoadLab.PushCore;
using LoadLab.Engine.Scenarios;
using LoadLab.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoadLab.Cli.Commands;

/// <summary><c>loadlab serve</c>: runs the reference push server in the foreground until Ctrl+C.</summary>
internal static class ServeCommand
{
    private static readonly Option<string> Urls = new("--urls")
    {
        Description = $"Addresses to listen on, ';'-separated (default {ReferenceServerOptions.DefaultUrls}).",
        HelpName = "url",
    };

    private static readonly Option<int?> QueueSize = IntegerOption("--queue-size", "count", "Messages one subscriber may have waiting (default 256).");

    private static readonly Option<BackpressurePolicy?> Backpressure = new("--backpressure")
    {
        Description = "When a subscriber's queue is full: Disconnect the slow consumer, or DropOldest (default Disconnect).",
        HelpName = "policy",
    };

    private static readonly Option<int?> ReplaySize = IntegerOption("--replay-size", "count", "Messages kept per topic for resume; 0 disables it (default 1024).");

    private static readonly Option<TimeSpan?> Heartbeat = DurationOption("--heartbeat", "SSE comment / WebSocket ping interval on idle connections (default 15s).");

    private static readonly Option<TimeSpan?> SseRetry = DurationOption("--sse-retry", "Reconnection delay told to SSE clients (default 1s).");

    private static readonly Option<TimeSpan?> LongPollTimeout = DurationOption("--long-poll-timeout", "How long a long poll waits before 204 (default 25s).");

    private static readonly Option<int?> MaxMessageSize = IntegerOption("--max-message-size", "bytes", "Largest payload in bytes: 413 on publish, close 1009 on a WebSocket (default 65536).");

    private static readonly Option<TimeSpan?> PublishDelay = DurationOption("--publish-delay", "Hold every publish back this long: a regression on purpose, to check a gate (default 0).");

    private static readonly Option<int?> MaxConnections = IntegerOption("--max-connections", "count", "Push connections held at once; beyond, 503 with Retry-After (default 18000).");

    private static readonly Option<string> PublishToken = new("--publish-token")
    {
        Description = $"Bearer token /publish requires (default: the {Engine.Publishing.PublishToken.EnvironmentVariable} environment variable; none on loopback). Needed to listen beyond loopback.",
        HelpName = "token",
    };

    private static readonly Option<bool> AllowAnonymousPublish = new("--allow-anonymous-publish")
    {
        Description = "Listen beyond loopback without a publish token: anyone who reaches the server can push to every client.",
    };

    private static readonly Option<bool> NoPushFront = new("--no-push-front")
    {
        Description = "Serve WebSocket and SSE through Kestrel's HTTP pipeline instead of the push front's own sockets: only to compare the two.",
    };

    private static readonly Option<BackplaneKind?> Backplane = new("--backplane")
    {
        Description = "How instances share messages: none (in-process, the default) or redis (every instance on the same Redis delivers every message, with global ids).",
        HelpName = "none|redis",
    };

    private static readonly Option<string> Redis = new("--redis")
    {
        Description = "The Redis of the redis backplane: host:port or a StackExchange.Redis configuration string (default 127.0.0.1:6379).",
        HelpName = "host:port",
    };

    private static readonly Option<string[]> AllowedOrigins = new("--allowed-origin")
    {
        Description = "An origin (https://app.example) whose pages may open WebSockets besides the server's own; repeatable; * allows any.",
        HelpName = "origin",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<int?> SocketSendBuffer = IntegerOption("--socket-send-buffer", "bytes", "Kernel send buffer of every connection; 0 keeps the OS auto-tuning (default 0).");

    private static readonly Option<int?> ListenBacklog = IntegerOption("--listen-backlog", "count", "Connections the kernel holds for the server before it accepts them; capped by net.core.somaxconn (default 4096).");

    public static Command Create()
    {
        var command = new Command("serve", "Run the reference push server (WebSocket, SSE, long-polling) until Ctrl+C.")
        {
            Urls, QueueSize, Backpressure, ReplaySize, Heartbeat, SseRetry, LongPollTimeout, MaxMessageSize, MaxConnections, PublishDelay, SocketSendBuffer, ListenBacklog,
            PublishToken, AllowAnonymousPublish, AllowedOrigins, NoPushFront, Backplane, Redis,
        };
        command.SetAction(RunAsync);
        return command;
    }

    /// <summary>The configuration keys the given options set; options left out keep the configuration's own values.</summary>
    internal static Dictionary<string, string?> ToSettings(ParseResult parse)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        void Set<T>(string key, T? value)
        {
            if (value is not null)
            {
                settings[key] = Convert.ToString(value, CultureInfo.InvariantCulture);
            }
        }

        Set("urls", parse.GetValue(Urls));
        Set($"{PushHubOptions.SectionName}:{nameof(PushHubOptions.QueueSize)}", parse.GetValue(QueueSize));
        Set($"{PushHubOptions.SectionName}:{nameof(PushHubOptions.Backpressure)}", parse.GetValue(Backpressure));
        Set($"{PushHubOptions.SectionName}:{nameof(PushHubOptions.ReplaySize)}", parse.GetValue(ReplaySize));
        Set($"{PushHubOptions.SectionName}:{nameof(PushHubOptions.Backplane)}", parse.GetValue(Backplane));
        Set($"{PushHubOptions.SectionName}:{nameof(PushHubOptions.Redis)}:{nameof(RedisBackplaneOptions.Configuration)}", parse.GetValue(Redis));
        Set($"{ReferenceServerOptions.SectionName}:{nameof(ReferenceServerOptions.HeartbeatInterval)}", parse.GetValue(Heartbeat)?.ToString("c", CultureInfo.InvariantCulture));
        Set($"{ReferenceServerOptions.SectionName}:{nameof(ReferenceServerOptions.SseRetry)}", parse.GetValue(SseRetry)?.ToString("c", CultureInfo.InvariantCulture));
        Set($"{ReferenceServerOptions.SectionName}:{nameof(ReferenceServerOptions.LongPollTimeout)}", parse.GetValue(LongPollTimeout)?.ToString("c", CultureInfo.InvariantCulture));
        Set($"{ReferenceServerOptions.SectionName}:{nameof(ReferenceServerOptions.MaxMessageSize)}", parse.GetValue(MaxMessageSize));
        Set($"{ReferenceServerOptions.SectionName}:{nameof(ReferenceServerOptions.MaxConnections)}", parse.GetValue(MaxConnections));
        Set($"{ReferenceServerOptions.SectionName}:{nameof(ReferenceServerOptions.PublishDelay)}", parse.GetValue(PublishDelay)?.ToString("c", CultureInfo.InvariantCulture));
        Set($"{ReferenceServerOptions.SectionName}:{nameof(ReferenceServerOptions.SocketSendBuffer)}", parse.GetValue(SocketSendBuffer));
        Set($"{ReferenceServerOptions.SectionName}:{nameof(ReferenceServerOptions.ListenBacklog)}", parse.GetValue(ListenBacklog));
        Set($"{ReferenceServerOptions.SectionName}:{nameof(ReferenceServerOptions.PublishToken)}", parse.GetValue(PublishToken) ?? Engine.Publishing.PublishToken.FromEnvironment());
        if (parse.GetValue(NoPushFront))
        {
            Set($"{ReferenceServerOptions.SectionName}:{nameof(ReferenceServerOptions.PushFront)}", false);
        }

        if (parse.GetValue(AllowAnonymousPublish))
        {
            Set($"{ReferenceServerOptions.SectionName}:{nameof(ReferenceServerOptions.AllowAnonymousPublish)}", true);
        }

        var origins = parse.GetValue(AllowedOrigins) ?? [];
        for (var i = 0; i < origins.Length; i++)
        {
            Set($"{ReferenceServerOptions.SectionName}:{nameof(ReferenceServerOptions.AllowedOrigins)}:{i}", origins[i]);
        }

        return settings;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var settings = ToSettings(parse);
        // The host logs a failed start (a port in use) at Error with its stack trace before StartAsync throws it; the
        // catches below say it in one line. Critical still shows a background service that crashed and stopped the server.
        settings.TryAdd("Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host", "Critical");
        WebApplication app;
        try
        {
            app = ReferenceServer.Build(settings);
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"loadlab serve: invalid setting: {string.Join("; ", ex.Failures)}");
            return ExitCodes.BadInput;
        }

        await using (app)
        {
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException ex)
            {
                await Console.Error.WriteLineAsync($"loadlab serve: cannot listen: {ex.Message}");
                return ExitCodes.BadInput;
            }
            catch (BackplaneUnavailableException ex)
            {
                await Console.Error.WriteLineAsync($"loadlab serve: {ex.Message}");
                return ExitCodes.BadInput;
            }

            foreach (var address in app.GetListeningAddresses())
            {
                Console.WriteLine($"LoadLab reference server on {address}  (Ctrl+C to stop)");
                Console.WriteLine($"  WebSocket    {ToWebSocket(address)}ws?topic=news");
                Console.WriteLine($"  SSE          {address}sse?topic=news");
                Console.WriteLine($"  long-poll    {address}poll?topic=news&after=0");
                Console.WriteLine($"  publish      curl -d 'hello' '{address}publish?topic=news'");
                Console.WriteLine($"  metrics      {address}metrics");
            }

            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Ok;
        }
    }

    private static Uri ToWebSocket(Uri address) => new UriBuilder(address) { Scheme = address.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" }.Uri;

    private static Option<TimeSpan?> DurationOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (DurationParser.TryParse(text, out var duration))
            {
                return duration;
            }

            result.AddError($"{name}: '{text}' is not a duration; write it like 250ms, 15s, 2m or 00:00:15");
            return null;
        },
    };

    private static Option<int?> IntegerOption(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            result.AddError($"{name}: '{text}' is not a whole number");
            return null;
        },
    };
}
