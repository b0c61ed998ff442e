using System.Globalization;
using System.Text.Json;
using LoadLab.Engine.Measurement;
using LoadLab.Engine.Scenarios;
using LoadLab.Results;

namespace LoadLab.Engine.Running;

/// <summary>
/// Injects a scenario's faults into one transport run at their times on the run's clock: drops through the
/// server's loopback <c>POST /admin/drop</c>, restarts of the server the engine started. Every fault becomes
/// a <see cref="FaultEvent"/> for the report, with what the server counted or why it could not be done.
/// </summary>
internal sealed class FaultInjector(IReadOnlyList<FaultSpec> faults, TransportKind transport, RunEnvironment environment, RunClock clock)
{
    private readonly List<FaultEvent> _events = [];

    /// <summary>The faults injected so far, in order; read after <see cref="RunAsync"/> has ended.</summary>
    public IReadOnlyList<FaultEvent> Events => _events;

    public async Task RunAsync(CancellationToken stop)
    {
        var schedule = faults.SelectMany(fault => fault.Occurrences().Select(at => (At: at, Fault: fault))).OrderBy(item => item.At).ToList();
        try
        {
            foreach (var (at, fault) in schedule)
            {
                var wait = at - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stop).ConfigureAwait(false);
                }

                _events.Add(fault.Drop is { } drop ? await DropAsync(drop, stop).ConfigureAwait(false) : await RestartAsync(fault.Down, stop).ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended first.
        }
    }

    private async Task<FaultEvent> DropAsync(DropSpec drop, CancellationToken stop)
    {
        var name = (drop.Transport ?? transport).ToName();
        var start = clock.Elapsed.TotalSeconds;
        var detail = string.Create(CultureInfo.InvariantCulture, $"drop {drop.Fraction:0.###} of {name}");
        var uri = new Uri(environment.Target, string.Create(CultureInfo.InvariantCulture, $"/admin/drop?transport={name}&fraction={drop.Fraction}"));
        try
        {
            using var response = await environment.Http.PostAsync(uri, content: null, stop).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(stop).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new FaultEvent("drop", start, clock.Elapsed.TotalSeconds, detail) { Error = $"POST {uri} answered {(int)response.StatusCode}: {body.Trim()}" };
            }

            using var json = JsonDocument.Parse(body);
            var dropped = json.RootElement.GetProperty("dropped").GetInt32();
            return new FaultEvent("drop", start, clock.Elapsed.TotalSeconds, detail) { ConnectionsDropped = dropped };
        }
        catch (Exception ex) when (!stop.IsCancellationRequested && ex is HttpRequestException or IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new FaultEvent("drop", start, clock.Elapsed.TotalSeconds, detail) { Error = $"POST {uri} failed: {ex.Message}" };
        }
    }

    private async Task<FaultEvent> RestartAsync(TimeSpan down, CancellationToken stop)
    {
        var start = clock.Elapsed.TotalSeconds;
        var detail = $"restart server, down {DurationParser.Format(down)}";
        if (environment.Server is not { CanRestart: true } server)
        {
            return new FaultEvent("restart", start, start, detail) { Error = "the engine did not start this server, so it cannot restart it" };
        }

        try
        {
            await server.RestartAsync(down, stop).ConfigureAwait(false);
            return new FaultEvent("restart", start, clock.Elapsed.TotalSeconds, detail);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested && ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            return new FaultEvent("restart", start, clock.Elapsed.TotalSeconds, detail) { Error = $"the server did not start again: {ex.Message}" };
        }
    }
}
