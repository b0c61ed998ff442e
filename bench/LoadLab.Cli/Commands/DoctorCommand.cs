using System.CommandLine;
using LoadLab.Engine.Diagnosis;
using LoadLab.Engine.Scenarios;

namespace LoadLab.Cli.Commands;

/// <summary>
/// <c>loadlab doctor URL [--publish URL] [--timeout 5s] [--listen 5s] [--subprotocol P|none] [--origin O] [--json]</c>: probes a
/// WebSocket (ws://, wss://) or SSE (http://, https://) endpoint and says why it fails, with the evidence and the
/// likely fix. Exit 0 when healthy, 1 when a problem was found, 2 for bad input.
/// </summary>
internal static class DoctorCommand
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan MaxListen = TimeSpan.FromMinutes(10);

    private static readonly Argument<string> Url = new("url")
    {
        Description = "The push endpoint: ws:// or wss:// for a WebSocket, http:// or https:// for an SSE stream.",
    };

    private static readonly Option<string?> Publish = new("--publish")
    {
        Description = "POST test events here (e.g. http://127.0.0.1:5080/publish?topic=T, the stream's topic) to measure buffering and delivery; without it the probe only listens.",
        HelpName = "url",
    };

    private static readonly Option<TimeSpan?> Timeout = DurationOption("--timeout", MaxTimeout,
        "Bound on each wait: connect, TLS, response, pong, each publish (default 5s).");

    private static readonly Option<TimeSpan?> Listen = DurationOption("--listen", MaxListen,
        "How long to watch the open stream; with --publish at least the publishing time plus 1s (default 5s).");

    private static readonly Option<string> SubProtocol = new("--subprotocol")
    {
        Description = "WebSocket subprotocol to ask for, or 'none'.",
        HelpName = "name",
        DefaultValueFactory = _ => DoctorOptions.DefaultSubProtocol,
    };

    private static readonly Option<string?> Origin = new("--origin")
    {
        Description = "Origin of the WebSocket handshake, e.g. the page's https://app.example.com (default: the URL's own origin).",
        HelpName = "origin",
    };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the diagnosis as JSON (url, transport, healthy, findings, timings)." };

    public static Command Create()
    {
        var command = new Command("doctor", "Diagnose why a WebSocket or SSE connection fails: status, headers, proxy buffering, idle cuts, with the fix.")
        {
            Url, Publish, Timeout, Listen, SubProtocol, Origin, Json,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (!DoctorUrl.TryParseTarget(parse.GetValue(Url)!, out var target, out var error))
        {
            await Console.Error.WriteLineAsync($"loadlab doctor: {error}");
            return ExitCodes.BadInput;
        }

        Uri? publish = null;
        if (parse.GetValue(Publish) is { } publishText && !DoctorUrl.TryParsePublish(publishText, out publish, out error))
        {
            await Console.Error.WriteLineAsync($"loadlab doctor: --publish: {error}");
            return ExitCodes.BadInput;
        }

        var origin = parse.GetValue(Origin);
        if (origin is not null && !(Uri.TryCreate(origin, UriKind.Absolute, out var originUri) && originUri.Scheme is "http" or "https"))
        {
            await Console.Error.WriteLineAsync($"loadlab doctor: --origin: '{origin}' is not an origin; write it like https://app.example.com");
            return ExitCodes.BadInput;
        }

        var subProtocol = parse.GetValue(SubProtocol)!;
        var defaults = new DoctorOptions { Target = target };
        var options = defaults with
        {
            Publish = publish,
            Timeout = parse.GetValue(Timeout) ?? defaults.Timeout,
            Listen = parse.GetValue(Listen) ?? defaults.Listen,
            SubProtocol = subProtocol.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : subProtocol,
            Origin = origin?.TrimEnd('/'),
        };

        var report = await ConnectionDoctor.DiagnoseAsync(options, cancellationToken);
        if (parse.GetValue(Json))
        {
            Console.WriteLine(DoctorJsonContext.Serialize(report));
        }
        else
        {
            DoctorDisplay.Write(report, Console.Out);
        }

        return report.Healthy ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static Option<TimeSpan?> DurationOption(string name, TimeSpan max, string description) => new(name)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (!DurationParser.TryParse(text, out var duration))
            {
                result.AddError($"{name}: '{text}' is not a duration; write it like 500ms, 5s or 1m");
            }
            else if (duration <= TimeSpan.Zero || duration > max)
            {
                result.AddError($"{name}: {text} is out of range; give more than 0 and at most {DurationParser.Format(max)}");
            }

            return duration;
        },
    };
}
